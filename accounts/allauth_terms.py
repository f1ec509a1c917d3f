"""allauth's own interface strings, retranslated in the portal's French.

allauth's French catalogue writes « e-mail » and « l'utilisateur » where the portal
says « courriel ». Catalogues under LOCALE_PATHS win over an app's catalogue, so
listing the msgids here (never called, only collected by `makemessages`) lets the
portal's `django.po` give them the glossary's terms: form labels, errors and
messages raised in allauth's Python code, which templates cannot override.
"""

from django.utils.translation import gettext_noop

ALLAUTH_TERMS = (
    gettext_noop("Email"),
    gettext_noop("Email address"),
    gettext_noop("Email (again)"),
    gettext_noop("Password"),
    gettext_noop("Password (again)"),
    gettext_noop("New Password"),
    gettext_noop("New Password (again)"),
    gettext_noop("Current Password"),
    gettext_noop("Remember Me"),
    gettext_noop("Forgot your password?"),
    gettext_noop("A user is already registered with this email address."),
    gettext_noop("The email address is not assigned to any user account."),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("You must type the same password each time."),
    gettext_noop("You must type the same email each time."),
    gettext_noop("This account is currently inactive."),
    gettext_noop("Your email address is still pending verification."),
    gettext_noop("Confirmation email sent to %(email)s."),
    gettext_noop("You have confirmed %(email)s."),
    gettext_noop("You have signed out."),
    gettext_noop("Password successfully changed."),
    gettext_noop("Password successfully set."),
    gettext_noop("Too many failed login attempts. Try again later."),
)
