from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AdminUserCreationForm, UserCreationForm

from accounts.models import User
from accounts.usernames import mixed_scripts, username_key


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


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        required=True, help_text="Used to reset your password and, if you ask, for reports."
    )

    class Meta:
        model = User
        fields = ("username", "email")

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
