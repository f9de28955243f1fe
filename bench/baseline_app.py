"""The baseline for bench/bench_step.py: a bare Flask + Flask-WTF app with the same question form.

GET /q/<n> renders a page of about the size of YouthVoice's question page (a form with a CSRF
token, eleven radio buttons and three action buttons); POST /q/<n> checks the CSRF token and
the choice, then answers 303 to the next question. The CSRF token lives in Flask's signed
session cookie, as in YouthVoice. No database, no encryption, no audit, no access policy,
no security headers, no translations.

Served by gunicorn exactly as YouthVoice is: gunicorn -w 2 'bench.baseline_app:create_app()'.
YOUTHVOICE_SECRET_KEY and YOUTHVOICE_STAFF_IDLE_MINUTES are read as YouthVoice reads them.
"""

from __future__ import annotations

import os
import secrets

from flask import Flask, abort, redirect, render_template, url_for
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
from jinja2 import DictLoader
from wtforms import RadioField, StringField
from wtforms.validators import AnyOf, InputRequired

QUESTIONS = 5


class QuestionForm(FlaskForm):
    answer = RadioField(
        "How are you doing today?",
        choices=[(str(value), str(value)) for value in range(11)],
        validators=[InputRequired()],
        validate_choice=True,
    )
    action = StringField(validators=[AnyOf(("save", "skip", "break"))])


PAGE = """<!doctype html>
<html lang="en" dir="ltr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex, nofollow">
  <title>Check-in</title>
  <link rel="icon" href="/static/img/icon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/static/css/main.css">
  <meta name="csrf-token" content="{{ csrf_token() }}">
</head>
<body>
  <a href="#main" class="skip-link">Skip to main content</a>
  <header class="site-header">
    <div class="wrap site-header__inner">
      <a class="site-header__name" href="/">Check-in</a>
      <form class="language-switcher" method="post" action="/language">
        <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
        <input type="hidden" name="next" value="{{ request.path }}">
        <span class="visually-hidden">Change language:</span>
        <button class="link-button" type="submit" name="locale" value="es"
          lang="es">Español</button>
      </form>
      <form class="sign-out" method="post" action="/sign-out">
        <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
        <button class="link-button" type="submit">Sign out</button>
      </form>
    </div>
  </header>
  <div id="timeout-warning" class="timeout-warning wrap" role="alertdialog" hidden>
    <h2 id="timeout-title">Are you still there?</h2>
    <p id="timeout-text">For your safety, you'll be signed out in less than 2 minutes.
      Anything you saved stays saved.</p>
    <button type="button" class="button" id="timeout-stay">Stay signed in</button>
  </div>
  <main id="main" class="wrap" tabindex="-1">
    <a class="back-link" href="{{ url_for('question', number=number) }}">Back</a>
    <p class="step">Question {{ number }} of {{ total }}</p>
    <form method="post" novalidate>
      {{ form.csrf_token }}
      <fieldset class="fieldset">
        <legend class="fieldset__legend"><h1 id="question">{{ form.answer.label.text }}</h1>
        </legend>
        <p class="field__hint">0 means: Very bad. 10 means: Very good.</p>
        <div class="radioes scale">
          {% for choice in form.answer %}
          <div class="radio">
            <input class="radio__input" type="radio" name="{{ choice.name }}"
              value="{{ choice.data }}" id="answer-{{ loop.index }}"
              {%- if choice.checked %} checked{% endif %}>
            <label class="radio__label"
              for="answer-{{ loop.index }}">{{ choice.label.text }}</label>
          </div>
          {% endfor %}
        </div>
        <p class="or">or</p>
        <div class="radioes">
          <div class="radio">
            <input class="radio__input" type="radio" name="answer" value="prefer_not_to_say"
              id="answer-prefer_not_to_say">
            <label class="radio__label" for="answer-prefer_not_to_say">Prefer not to say</label>
          </div>
        </div>
      </fieldset>
      <div class="actions">
        <button class="button" type="submit" name="action" value="save">Save and continue</button>
        <button class="button button--secondary" type="submit" name="action" value="skip">
          Skip this question</button>
      </div>
      <p><button class="link-button" type="submit" name="action"
        value="break">Take a break</button></p>
    </form>
  </main>
  <footer class="site-footer">
    <div class="wrap">
      <p class="muted">For your safety, you're signed out after 15 minutes without activity.
        Anything you saved stays saved.</p>
      <section class="support" aria-labelledby="support-heading">
        <h2 id="support-heading" class="support__heading">Need to talk to someone now?</h2>
        <p>Call or text 988, any time, day or night. It's free.</p>
        <ul class="support__actions">
          <li><a class="button button--secondary" href="tel:988">Call 988</a></li>
          <li><a class="button button--secondary" href="sms:988">Text 988</a></li>
        </ul>
      </section>
      <nav class="footer-links" aria-label="Support and staff links">
        <ul>
          <li><a href="/support">Get support</a></li>
          <li><a href="/staying-safe">Staying safe on your phone</a></li>
          <li><a href="/staff/sign-in">Staff sign-in</a></li>
        </ul>
      </nav>
    </div>
  </footer>
</body>
</html>
"""


def create_app() -> Flask:
    app = Flask(__name__)
    # A loaded template is compiled once and cached, as YouthVoice's are
    # (render_template_string would compile it again on every request).
    app.jinja_loader = DictLoader({"question.html": PAGE})
    idle_minutes = int(os.environ.get("YOUTHVOICE_STAFF_IDLE_MINUTES", "30"))
    app.config.from_mapping(
        SECRET_KEY=os.environ.get("YOUTHVOICE_SECRET_KEY") or secrets.token_urlsafe(48),
        SESSION_COOKIE_NAME="session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=idle_minutes * 60 * 4,
        MAX_CONTENT_LENGTH=256 * 1024,
    )
    CSRFProtect(app)

    @app.route("/q/<int:number>", methods=["GET", "POST"])
    def question(number: int) -> str | object:
        if not 1 <= number <= QUESTIONS:
            abort(404)
        form = QuestionForm()
        if form.is_submitted():
            if not form.validate():
                abort(400)
            following = number % QUESTIONS + 1
            return redirect(url_for("question", number=following), code=303)
        return render_template("question.html", form=form, number=number, total=QUESTIONS + 1)

    return app
