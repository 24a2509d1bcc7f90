from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AdminUserCreationForm, UserCreationForm

from accounts.models import User
from accounts.usernames import mixed_scripts, username_key
from accounts.zones import DEFAULT_ZONE, validate_zone, zone_choices

TIME_ZONE_HELP = (
    "Dates, “today” and the months of your reports follow this zone; Upwork shows your local "
    "time too."
)


def time_zone_field(
    *, propose_browser_zone: bool = False, required: bool = True
) -> forms.CharField:
    """A select of IANA names; with `propose_browser_zone` (sign-up) static/js/time-zone.js
    picks the browser's own zone in it.

    A CharField rather than a ChoiceField: the model's validator accepts every IANA name,
    including an alias a browser reports that the grouped list leaves out.
    """
    return forms.CharField(
        label="Time zone",
        required=required,
        initial=DEFAULT_ZONE,
        max_length=64,
        help_text=TIME_ZONE_HELP,
        validators=[validate_zone],
        widget=forms.Select(
            choices=zone_choices(),
            attrs={"data-time-zone": "browser"} if propose_browser_zone else {},
        ),
    )


def refuse_look_alike(username: str) -> None:
    """Raise the sentence for a name that mixes look-alike alphabets or reads like a taken one."""
    scripts = mixed_scripts(username)
    if scripts:
        raise forms.ValidationError(
            f"“{username}” mixes {' and '.join(scripts)} letters that look alike. "
            "Choose a name written in one alphabet.",
            code="mixed_scripts",
        )
    if User.objects.filter(username_key=username_key(username)).exists():
        raise forms.ValidationError(
            f"“{username}” looks the same as the name of an existing account. "
            "Choose a name that reads differently.",
            code="confusable",
        )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Asked again so nobody else at this computer can delete your account.",
    )


class TimeZoneForm(forms.Form):
    """The settings page's "Time zone" section (saved by accounts.services.user_time_zone_set)."""

    time_zone = time_zone_field()


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        required=True, help_text="Used to reset your password and, if you ask, for reports."
    )
    # Not required: a sign-up posted without it (a script, an old page) is UTC, as before.
    time_zone = time_zone_field(propose_browser_zone=True, required=False)

    class Meta:
        model = User
        fields = ("username", "email", "time_zone")

    def clean_time_zone(self) -> str:
        return self.cleaned_data.get("time_zone") or DEFAULT_ZONE

    def clean_username(self) -> str:
        # Django's own check first: a name taken in any letter case.
        username = super().clean_username()
        if username:  # None when Django's check already refused it
            refuse_look_alike(username)
        return username


class AdminSignupForm(AdminUserCreationForm):
    """The admin's "add user" form, refusing the same look-alikes as sign-up."""

    class Meta:
        model = User
        fields = ("username",)

    def clean_username(self) -> str:
        username = super().clean_username()
        if username:  # None when Django's check already refused it
            refuse_look_alike(username)
        return username
