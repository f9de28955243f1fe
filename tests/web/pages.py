"""Every page type the app serves today, for tests that check them all."""

YOUTH_PAGES = ["/", "/support", "/sign-in", "/youth/"]
STAFF_SIGN_IN_PAGES = ["/staff/sign-in"]
# Reached only by signed-in staff: tests open them as an admin, who may see them all.
STAFF_PAGES = ["/advocate/", "/reports/", "/admin/"]
ALL_PAGES = YOUTH_PAGES + STAFF_SIGN_IN_PAGES + STAFF_PAGES


def needs_staff(path: str) -> bool:
    return path in STAFF_PAGES
