"""Every page type the app serves today, for tests that check them all."""

PUBLIC_YOUTH_PAGES = [
    "/",
    "/support",
    "/staying-safe",
    "/sign-in",
    "/invite",
    "/recover",
    "/sign-in/backup-code",
    "/account-deleted",
]
# Reached only by a signed-in youth.
SIGNED_IN_YOUTH_PAGES = [
    "/youth/welcome",
    "/youth/welcome?step=privacy",
    "/youth/welcome?step=safety",
    "/youth/welcome/agree",
    "/youth/statistics",
    "/youth/welcome/not-now",
    "/youth/settings",
    "/youth/settings/pin",
    "/youth/settings/delete",
    "/youth/backup-code",
    "/youth/check-ins",
    "/youth/sharing",
    "/youth/who-has-seen",
    "/youth/my-data",
    "/youth/sharing/new",
    "/youth/sharing/new/instrument",
    "/youth/sharing/new/domain",
]
# Check-in screens. {quick}, {private} and {sent} stand for check-ins the visiting youth
# starts (a quick check-in, one with a sensitive section it agreed to, one it sent);
# {advocate} for the advocate on its care team, {grant} for a share with them.
CHECK_IN_PAGES = [
    "/youth/check-ins/{quick}",
    "/youth/check-ins/{quick}/q/1",
    "/youth/check-ins/{quick}/q/3/support",
    "/youth/check-ins/{quick}/q/6",
    "/youth/check-ins/{quick}/q/7",
    "/youth/check-ins/{quick}/break",
    "/youth/check-ins/{quick}/review",
    "/youth/check-ins/{private}/section/1",
    "/youth/check-ins/{private}/section/1/after",
    "/youth/check-ins/{private}/section/1/after/support",
    "/youth/check-ins/{sent}/thanks",
    "/youth/check-ins/{sent}/answers",
    "/youth/check-ins/{sent}/share",
    "/youth/check-ins/{sent}/share/1",
    "/youth/check-ins/{happened}/resolved/1",
    "/youth/check-ins/{sent}/delete",
    "/youth/sharing/preview/{advocate}",
    "/youth/sharing/{grant}/change",
]
SIGNED_IN_YOUTH_PAGES += CHECK_IN_PAGES
YOUTH_PAGES = PUBLIC_YOUTH_PAGES + SIGNED_IN_YOUTH_PAGES
STAFF_SIGN_IN_PAGES = ["/staff/sign-in"]
# Reached only by signed-in staff: tests open them as an admin, who may see them all.
STAFF_PAGES = ["/advocate/", "/advocate/enrol", "/reports/", "/admin/"]
ALL_PAGES = YOUTH_PAGES + STAFF_SIGN_IN_PAGES + STAFF_PAGES


def needs_staff(path: str) -> bool:
    return path in STAFF_PAGES


def needs_youth(path: str) -> bool:
    return path in SIGNED_IN_YOUTH_PAGES
