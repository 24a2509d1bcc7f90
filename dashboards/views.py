from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.current import current_user
from dashboards import selectors
from dashboards.export import export_zip
from dashboards.help import how_it_decides
from dashboards.periods import Month
from ledger.expiry import expiring_within, ledger_state
from ledger.money import connects_to_usd
from ledger.reminders import pending_applications
from ledger.selectors import FateTotals, ledger_settings_for, paid_by_application
from vetting.rules import RULES_BY_CODE, Status
from vetting.selectors import thresholds_for


def _chart_data(bars: list[selectors.MonthBar]) -> dict[str, list[object]]:
    return {
        "labels": [bar.month.short_label for bar in bars],
        "refunded": [bar.refunded for bar in bars],
        "lost": [bar.lost for bar in bars],
        "won": [bar.won for bar in bars],
        "pending": [bar.pending for bar in bars],
        "purchased": [bar.purchased for bar in bars],
    }


def home(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    today = timezone.localdate()
    month = Month.of(today)
    ledger_settings = ledger_settings_for(user)
    price = ledger_settings.price_per_connect
    # One aggregate of the entries keys the expiry and fates caches and is the balance.
    state = ledger_state(user)
    # With the applications' state it keys the all-time figures too, so a reload sums nothing.
    applications = selectors.applications_state(user)
    # One grouped query (cached) gives this month's, the chart's and the all-time fates.
    monthly = selectors.fates_by_month_cached(user, state, applications)
    data = selectors.summary(
        user, month.first, month.last, price, fates=monthly.get(month, FateTotals())
    )
    bars = selectors.twelve_months(user, month, monthly)
    overall = selectors.all_time_summary_cached(user, today, price, monthly, applications)
    expiring = expiring_within(user, today, days=30, state=state)
    balance = state.total
    waiting = pending_applications(user, today, ledger_settings.reminder_days)
    return render(
        request,
        "dashboards/home.html",
        {
            "month": month,
            "data": data,
            "overall": overall,
            "bars": bars,
            "chart": _chart_data(bars),
            "expiring": expiring,
            "expiring_total": sum(connects for _, connects in expiring),
            "balance": balance,
            "balance_usd": connects_to_usd(balance, data.price),
            # The header's and footer's figures (workspace.context_processors): already read.
            "connects_balance": balance,
            "connects_balance_usd": connects_to_usd(balance, data.price),
            "waiting": waiting[:10],
            "waiting_count": waiting.count(),
            "reminder_days": ledger_settings.reminder_days,
            "is_new": overall.count == 0 and balance == 0,
        },
    )


def review_current(request: HttpRequest) -> HttpResponse:
    month = selectors.latest_active_month(current_user(request), timezone.localdate())
    return redirect("dashboards:review", month=str(month))


def review(request: HttpRequest, month: str) -> HttpResponse:
    period = Month.parse(month)
    if period is None:
        raise Http404("No such month")
    user = current_user(request)
    price = ledger_settings_for(user).price_per_connect
    state = ledger_state(user)  # keys the cached review and is the header's balance
    data = selectors.monthly_review_cached(user, period, state, price)
    applications = selectors.month_applications(user, period)
    return render(
        request,
        "dashboards/review.html",
        {
            "month": period,
            "previous": period.shift(-1),
            # No link into months that have not happened yet.
            "next": period.shift(1) if period < Month.of(timezone.localdate()) else None,
            "data": data,
            "applications": applications,
            "paid": paid_by_application(applications),
            "applications_truncated": data.count > len(applications),
            "flagged_rules": [
                r for r in data.rules if r.failed_applications or r.warned_applications
            ],
            "quiet_rules": [
                r for r in data.rules if not (r.failed_applications or r.warned_applications)
            ],
            "skipped_usd": connects_to_usd(data.skipped_connects, data.price),
            # The header's and footer's figures (workspace.context_processors): already read.
            "connects_balance": state.total,
            "connects_balance_usd": connects_to_usd(state.total, price),
        },
    )


def year(request: HttpRequest, year: int) -> HttpResponse:
    if not 1900 <= year <= 9999:
        raise Http404("No such year")
    rows = selectors.year_months(current_user(request), year)
    total = selectors.review(current_user(request), date(year, 1, 1), date(year, 12, 31))
    return render(
        request,
        "dashboards/year.html",
        {
            "year": year,
            "rows": rows,
            "total": total,
            "chart": _chart_data([row.bar for row in rows]),
            "year_rules": [rule for rule in total.rules if rule.failed_applications],
            "previous": year - 1,
            "next": year + 1 if year < timezone.localdate().year else None,
        },
    )


def rule_detail(request: HttpRequest, month: str, code: str) -> HttpResponse:
    period = Month.parse(month)
    status = request.GET.get("status", Status.FAIL)
    if period is None or status not in (Status.FAIL, Status.WARN):
        raise Http404("No such month")
    applications = selectors.rule_applications(
        current_user(request),
        code,
        status,
        period.first,
        period.last,
    )
    rule = RULES_BY_CODE.get(code)
    # A rule retired from the rule set still has its old vettings (the review links to them
    # by code); any other unknown code is no page.
    if rule is None and not applications:
        raise Http404("No such rule")
    return render(
        request,
        "dashboards/rule_detail.html",
        {
            "month": period,
            "code": code,
            "rule_title": rule.title if rule else code,
            "status": status,
            "applications": applications,
            "paid": paid_by_application(applications),
        },
    )


@login_not_required
@require_GET
def help_decides(request: HttpRequest) -> HttpResponse:
    """How Bidbook decides: public, and with the reader's own settings when logged in."""
    thresholds = thresholds_for(current_user(request)) if request.user.is_authenticated else None
    return render(request, "dashboards/help.html", {"how": how_it_decides(thresholds)})


@require_GET
def data_export(request: HttpRequest) -> HttpResponse:
    """Download everything: one zip of every table of the user's, as CSV and JSON."""
    user = current_user(request)
    now = timezone.now()
    response = HttpResponse(export_zip(user, now=now), content_type="application/zip")
    name = f"bidbook-{user.username}-{timezone.localdate(now):%Y-%m-%d}.zip"  # the user's day
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
