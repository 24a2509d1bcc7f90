from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm

from accounts.models import User


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Asked again so nobody else at this computer can delete your account.",
    )


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        required=True, help_text="Used to reset your password and, if you ask, for reports."
    )

    class Meta:
        model = User
        fields = ("username", "email")
