"""Every page type the app serves today, for tests that check them all."""

YOUTH_PAGES = ["/", "/support", "/sign-in", "/youth/"]
STAFF_PAGES = ["/staff/sign-in", "/advocate/", "/reports/", "/admin/"]
ALL_PAGES = YOUTH_PAGES + STAFF_PAGES
