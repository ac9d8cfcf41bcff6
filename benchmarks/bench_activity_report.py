"""The unit's activity statistics for a year of a whole province: the page and the report DOCX
(``meetings.statistics``, figures registered in ``lib/activity.py``) against a query-per-record baseline.

A synthetic province gets a year of records in bulk (meetings held, closed decisions, TV/radio
requests, half of them aired, information-note cases answered by the institution, approval flows
through the three-step chain, some returned once, 100,000 monitored items, published news stories
and tasks done on time or late). Then, in the same run:

* current: the statistics page (``/meetings/statistics/?year=…``) through the test client, as the
  unit's staff see it: wall time (median of ``--repeat`` runs), queries, peak Python memory
  (tracemalloc); the same for the activity report DOCX;
* baseline: the same monthly figures computed one record at a time (a query per record, bucketed
  in Python), as a page without the grouped queries would.

Both must give the same totals, and the same median, 90th percentile and count of the duration
figures (information notes' answer times, approval cycle times per step), which are printed.
Issue 26 asks for the page under 500 ms with constant queries.

    .venv/bin/python benchmarks/bench_activity_report.py [--meetings 1500 --decisions 9000 --requests 3000 \
        --cases 1500 --flows 2000 --items 100000 --stories 1500 --tasks 5000]
    DATABASE_URL=postgres://root@127.0.0.1:5432/postgres .venv/bin/python benchmarks/bench_activity_report.py
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import random
import statistics as stats
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressdesk.settings")
os.environ.setdefault("PRESSDESK_VAR_DIR", tempfile.mkdtemp(prefix="pressdesk-bench-"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, setup_test_environment, teardown_databases  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402


def build(args: argparse.Namespace, year: int):  # type: ignore[no-untyped-def]
    from pressdesk.broadcast.models import BroadcastRequest
    from pressdesk.meetings.models import Decision, Meeting
    from pressdesk.testing.broadcast import make_outlet
    from pressdesk.testing.factories import Province

    rng = random.Random(args.seed)
    province = Province()
    zone = timezone.get_default_timezone()

    def moment() -> datetime.datetime:
        day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, 364))
        return datetime.datetime(year, day.month, day.day, rng.randint(8, 20), rng.choice([0, 30]), tzinfo=zone)

    owners = [province.hospital, province.other_hospital, province.emergency]
    meetings = Meeting.objects.bulk_create(
        Meeting(
            organization=province.unit,
            title=f"Toplantı {n}",
            kind="coordination",
            start=(start := moment()),
            end=start + datetime.timedelta(hours=2),
            status=Meeting.Status.HELD,
            chair=province.director,
            created_by=province.staff,
        )
        for n in range(args.meetings)
    )
    Decision.objects.bulk_create(
        Decision(
            meeting=meetings[n % len(meetings)],
            number=n // len(meetings) + 1,
            text=f"Karar {n}",
            owner=rng.choice(owners),
            due=datetime.date(year, 12, 31),
            status=Decision.Status.DONE,
            closed_at=moment(),
            created_by=province.staff,
        )
        for n in range(args.decisions)
    )
    outlet = make_outlet()
    guests = [province.staff2, province.unit_head, province.chief, province.director]
    requests = BroadcastRequest.objects.bulk_create(
        BroadcastRequest(
            outlet=outlet,
            programme=f"Program {n}",
            kind=BroadcastRequest.Kind.LIVE,
            starts_at=moment(),
            guest=(guest := rng.choice(guests)),
            organization=guest.organization,
            status=BroadcastRequest.Status.AIRED if n % 2 else BroadcastRequest.Status.REFUSED,
            created_by=province.staff,
        )
        for n in range(args.requests)
    )
    for request in requests:
        request.created_at = request.starts_at - datetime.timedelta(days=rng.randint(0, 10))
        if request.created_at.year != year:
            request.created_at = request.starts_at
    BroadcastRequest.objects.bulk_update(requests, ["created_at"], batch_size=500)
    build_durations(args, province, rng, moment)
    build_volume(args, province, rng, moment)
    return province


def build_volume(args: argparse.Namespace, province, rng, moment) -> None:  # type: ignore[no-untyped-def]
    """The largest tables of a province's year: monitored items (most found by the watch terms),
    published news stories and tasks done on time or late."""
    from pressdesk.monitoring.models import Item, Outlet, Source
    from pressdesk.publishing.models import NewsStory
    from pressdesk.tasks.models import Task

    sources = []
    for n in range(20):
        outlet = Outlet.objects.create(name=f"Yayın {n}", reach=rng.randint(0, 200_000))
        sources.append(
            Source.objects.create(
                name=outlet.name, outlet=outlet, organization=province.directorate, url=f"https://y{n}.example/rss"
            )
        )
    batch = []
    for n in range(args.items):
        source = sources[n % len(sources)]
        found = moment()
        batch.append(
            Item(
                source=source,
                outlet_id=source.outlet_id,
                identity_hash=f"bench-{n}",
                url=f"https://y{n % len(sources)}.example/h/{n}",
                title=f"Sağlık haberi {n}",
                matched=n % 10 != 0,  # one in ten matched no watch term
                fetched_at=found,
                published_at=found,
            )
        )
        if len(batch) == 5000:
            Item.objects.bulk_create(batch)
            batch = []
    Item.objects.bulk_create(batch)
    NewsStory.objects.bulk_create(
        (
            NewsStory(
                title=f"Haber {n}",
                slug=f"haber-{n}",
                spot="Özet",
                organization=rng.choice([province.unit, province.hospital, province.other_hospital]),
                created_by=province.staff,
                status=NewsStory.Status.PUBLISHED,
                published_at=moment(),
            )
            for n in range(args.stories)
        ),
        batch_size=1000,
    )
    tasks = []
    for n in range(args.tasks):
        done = moment()
        late = n % 4 == 0
        tasks.append(
            Task(
                title=f"Görev {n}",
                organization=province.unit,
                created_by=province.unit_head,
                assignee=province.staff,
                status="done",
                due_date=timezone.localtime(done).date() + datetime.timedelta(days=-2 if late else 3),
                completed_at=done,
            )
        )
    Task.objects.bulk_create(tasks, batch_size=1000)


def build_durations(args: argparse.Namespace, province, rng, moment) -> None:  # type: ignore[no-untyped-def]
    """Information-note cases answered after 1–400 hours, and approval flows whose steps take 1–200 hours
    (one flow in five returned by the chief once and resubmitted)."""
    from django.contrib.contenttypes.models import ContentType

    from pressdesk.approvals.models import ApprovalDecision, ApprovalFlow, ApprovalStep
    from pressdesk.infonotes.models import Case
    from pressdesk.organizations.models import Process

    hour = datetime.timedelta(hours=1)
    cases = []
    for n in range(args.cases):
        sent = moment()
        cases.append(
            Case(
                title=f"Bilgi notu {n}",
                organization=province.unit,
                institution=province.hospital,
                request_sent_at=sent,
                answered_at=sent + rng.randint(1, 400) * hour + rng.randint(0, 59) * hour / 60,
                status=Case.Status.SENT,
                created_by=province.staff,
            )
        )
    Case.objects.bulk_create(cases, batch_size=500)
    content_type = ContentType.objects.get_for_model(Case)
    process = Process.objects.get(code="3.2")
    flows = ApprovalFlow.objects.bulk_create(
        (
            ApprovalFlow(
                content_type=content_type,
                object_id=1_000_000 + n,
                title=f"Bilgi notu {n}",
                process=process,
                organization=province.unit,
                chain_organization=province.unit,
                author=province.staff,
                status=ApprovalFlow.Status.APPROVED,
            )
            for n in range(args.flows)
        ),
        batch_size=500,
    )
    roles = ("unit_head", "chief", "director")
    steps = ApprovalStep.objects.bulk_create(
        (
            ApprovalStep(flow=flow, order=order, role=role, kind="signature" if role == "director" else "initial")
            for flow in flows
            for order, role in enumerate(roles, start=1)
        ),
        batch_size=1000,
    )
    by_flow = {(step.flow_id, step.role): step for step in steps}
    decisions = []
    for flow in flows:
        now = moment()
        decisions.append(ApprovalDecision(flow=flow, action="submitted", actor=province.staff, created_at=now))
        rounds = [("unit_head", "initialled"), ("chief", "initialled"), ("director", "signed")]
        if flow.pk % 5 == 0:
            rounds = [("unit_head", "initialled"), ("chief", "returned"), ("", "submitted"), *rounds]
        for role, action in rounds:
            now += rng.randint(1, 200) * hour
            decisions.append(
                ApprovalDecision(flow=flow, step=by_flow.get((flow.pk, role)), action=action, role=role, created_at=now)
            )
    ApprovalDecision.objects.bulk_create(decisions, batch_size=1000)


def nearest_rank(values: list[float], share: float) -> float:
    """The smallest value with at least ``share`` of the values at or under it (as the database picks it)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(round(share * len(ordered), 9)) - 1)]


def baseline_durations(
    province, start: datetime.date, end: datetime.date
) -> dict[tuple[str, str], tuple[int, float, float]]:  # type: ignore[no-untyped-def]
    """The duration figures one record at a time: each case, each decision and the act before it."""
    from pressdesk.approvals.models import ApprovalDecision
    from pressdesk.infonotes.models import Case

    zone = timezone.get_default_timezone()
    low = datetime.datetime(start.year, start.month, start.day, tzinfo=zone)
    high = datetime.datetime(end.year, end.month, end.day, tzinfo=zone)
    found: dict[tuple[str, str], list[float]] = {}
    for pk in Case.objects.filter(organization__path__startswith=province.path).values_list("pk", flat=True):
        case = Case.objects.get(pk=pk)
        if case.request_sent_at and case.answered_at and low <= case.answered_at < high:
            found.setdefault(("infonotes.answer_times", ""), []).append(
                (case.answered_at - case.request_sent_at).total_seconds() / 3600
            )
    ids = ApprovalDecision.objects.filter(flow__organization__path__startswith=province.path).values_list(
        "pk", flat=True
    )
    for pk in ids:
        decision = ApprovalDecision.objects.get(pk=pk)
        if decision.step_id is None or decision.action not in ("initialled", "signed", "returned"):
            continue
        if not low <= decision.created_at < high:
            continue
        before = (
            ApprovalDecision.objects.filter(
                flow_id=decision.flow_id, pk__lt=decision.pk, action__in=["submitted", "initialled", "signed"]
            )
            .order_by("-pk")
            .first()
        )
        if before is not None:
            found.setdefault(("approvals.step_cycle_times", decision.role), []).append(
                (decision.created_at - before.created_at).total_seconds() / 3600
            )
    return {key: (len(values), nearest_rank(values, 0.5), nearest_rank(values, 0.9)) for key, values in found.items()}


def baseline(province, start: datetime.date, end: datetime.date) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """The same figures one record at a time: list the ids, then read each record and bucket it."""
    from pressdesk.broadcast.models import BroadcastRequest
    from pressdesk.lib import activity
    from pressdesk.meetings.models import Decision, Meeting

    def local(moment: datetime.datetime) -> datetime.date:
        return timezone.localtime(moment).date().replace(day=1)

    path = province.path
    months: dict[str, Counter[datetime.date]] = {}
    ids = Meeting.objects.filter(organization__path__startswith=path).values_list("pk", flat=True)
    months["meetings.held"] = Counter(
        local(m.start)
        for pk in ids
        if (m := Meeting.objects.get(pk=pk)).status == Meeting.Status.HELD and start <= local(m.start) < end
    )
    ids = Decision.objects.filter(meeting__organization__path__startswith=path).values_list("pk", flat=True)
    months["meetings.decisions_closed"] = Counter(
        local(d.closed_at)
        for pk in ids
        if (d := Decision.objects.get(pk=pk)).status == Decision.Status.DONE
        and d.closed_at
        and start <= local(d.closed_at) < end
    )
    ids = BroadcastRequest.objects.filter(organization__path__startswith=path).values_list("pk", flat=True)
    requests = [BroadcastRequest.objects.get(pk=pk) for pk in ids]
    months["broadcast.requests"] = Counter(local(r.created_at) for r in requests if start <= local(r.created_at) < end)
    months["broadcast.appearances"] = Counter(
        local(r.starts_at)
        for r in requests
        if r.status == BroadcastRequest.Status.AIRED and start <= local(r.starts_at) < end
    )
    from pressdesk.monitoring.models import Item
    from pressdesk.publishing.models import NewsStory
    from pressdesk.tasks.models import Task

    ids = Item.objects.filter(source__organization__path__startswith=path).values_list("pk", flat=True)
    months["monitoring.items_tracked"] = Counter(
        local(i.fetched_at)
        for pk in ids
        if (i := Item.objects.get(pk=pk)).matched and start <= local(i.fetched_at) < end
    )
    ids = NewsStory.objects.filter(organization__path__startswith=path).values_list("pk", flat=True)
    months["publishing.stories_published"] = Counter(
        local(n.published_at)
        for pk in ids
        if (n := NewsStory.objects.get(pk=pk)).published_at and start <= local(n.published_at) < end
    )
    ids = Task.objects.filter(organization__path__startswith=path).values_list("pk", flat=True)
    done = [t for pk in ids if (t := Task.objects.get(pk=pk)).completed_at and start <= local(t.completed_at) < end]
    months["tasks.done_on_time"] = Counter(
        local(t.completed_at)
        for t in done
        if t.due_date is None or timezone.localtime(t.completed_at).date() <= t.due_date
    )
    months["tasks.done_late"] = Counter(
        local(t.completed_at)
        for t in done
        if t.due_date is not None and timezone.localtime(t.completed_at).date() > t.due_date
    )
    totals = {key: float(sum(counter.values())) for key, counter in months.items()}
    for figure in activity.figures():  # modules without records here: their own grouped query
        if figure.key not in totals:
            totals[figure.key] = float(sum(figure.compute(province, start, end).values()))
    return totals


def timed(client: Client, url: str, repeat: int) -> tuple[float, int, float, int]:
    """Median wall time (ms), queries, peak traced memory (MiB) of one run, response size."""
    times = []
    queries = 0
    size = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries, size = len(captured), len(response.content)
    tracemalloc.start()
    client.get(url)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return stats.median(times), queries, peak / 2**20, size


def run(args: argparse.Namespace) -> None:
    from pressdesk.lib import activity
    from pressdesk.meetings import statistics

    year = timezone.localdate().year - 1
    began = time.perf_counter()
    province = build(args, year)
    print(
        f"{connection.vendor}: a year ({year}) of one province: {args.meetings:,} meetings held, "
        f"{args.decisions:,} decisions closed, {args.requests:,} TV/radio requests, "
        f"{args.cases:,} answered information-note requests, {args.flows:,} approval flows, "
        f"{args.items:,} monitored items, {args.stories:,} news stories published, {args.tasks:,} tasks done "
        f"(built in {time.perf_counter() - began:.1f} s)"
    )
    start, end = statistics.period_bounds(year, "year")
    client = Client()
    client.force_login(province.staff)
    page = reverse("meetings:statistics") + f"?year={year}&part=year"
    report = reverse("meetings:activity_report") + f"?year={year}&part=year"
    client.get(page)  # warm-up: templates, translations, content types
    page_ms, page_q, page_mib, page_size = timed(client, page, args.repeat)
    docx_ms, docx_q, docx_mib, docx_size = timed(client, report, args.repeat)
    current = {row.figure.key: row.total for row in statistics.collect(province.directorate, start, end)}

    print(f"{'':34}{'time ms':>10}{'queries':>9}{'peak MiB':>10}")
    print(f"{'statistics page (current)':34}{page_ms:10.1f}{page_q:9d}{page_mib:10.1f}   {page_size:,} bytes")
    print(f"{'activity report DOCX (current)':34}{docx_ms:10.1f}{docx_q:9d}{docx_mib:10.1f}   {docx_size:,} bytes")
    # Each figure's own query, timed (the page's time is mostly theirs).
    timings = []
    for figure in activity.figures():
        began = time.perf_counter()
        figure.compute(province.directorate, start, end)
        timings.append((figure.key, (time.perf_counter() - began) * 1000))
    for duration_figure in activity.duration_figures():
        began = time.perf_counter()
        duration_figure.compute(province.directorate, start, end)
        timings.append((duration_figure.key + " (durations)", (time.perf_counter() - began) * 1000))
    print("slowest figures: " + ", ".join(f"{key} {ms:.0f} ms" for key, ms in sorted(timings, key=lambda t: -t[1])[:5]))
    if args.skip_baseline:
        return

    executed = [0]

    def counting(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        executed[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counting):
        tracemalloc.start()
        began = time.perf_counter()
        expected = baseline(province.directorate, start, end)
        expected_durations = baseline_durations(province.directorate, start, end)
        base_ms = (time.perf_counter() - began) * 1000
        _current, base_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    for key, total in expected.items():
        shown = current[key].replace(".", "")
        assert float(shown) == total, (key, shown, total)
    base_mib = base_peak / 2**20
    print(f"{'figures one record at a time':34}{base_ms:10.1f}{executed[0]:9d}{base_mib:10.1f}   (baseline)")
    print(
        f"page: {base_ms / page_ms:.0f}x faster than the baseline; "
        f"goal < 500 ms: {'met' if page_ms < 500 else 'NOT met'}"
    )
    print("totals agree: " + ", ".join(f"{key} {value}" for key, value in sorted(current.items())))
    durations = {
        (row.figure.key, str(line.label)): line
        for row in statistics.collect_durations(province.directorate, start, end)
        for line in row.lines
    }
    assert len(durations) == len(expected_durations), (sorted(durations), sorted(expected_durations))
    print(f"{'duration (hours)':58}{'count':>7}{'median':>9}{'p90':>9}")
    from pressdesk.accounts.models import Role

    role_labels = dict(Role.choices)
    for (key, group), (count, median, p90) in sorted(expected_durations.items()):
        line = durations[(key, str(role_labels.get(group, group)) if group else "")]
        measured = (
            int(line.count.replace(".", "")),
            float(line.median.replace(",", ".")),
            float(line.p90.replace(",", ".")),
        )
        assert measured == (count, round(median, 1), round(p90, 1)), (key, group, measured, (count, median, p90))
        print(f"{key + (' ' + group if group else ''):58}{line.count:>7}{line.median:>9}{line.p90:>9}")
    print("duration figures agree with the baseline (nearest-rank median and 90th percentile)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--meetings", type=int, default=1500)
    parser.add_argument("--decisions", type=int, default=9000)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--cases", type=int, default=1500)
    parser.add_argument("--flows", type=int, default=2000)
    parser.add_argument("--items", type=int, default=100_000, help="monitored items (nine in ten matched)")
    parser.add_argument("--stories", type=int, default=1500, help="news stories published")
    parser.add_argument("--tasks", type=int, default=5000, help="tasks done (one in four late)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-baseline", action="store_true", help="only the current page (a quick look)")
    parser.add_argument("--seed", type=int, default=26)
    args = parser.parse_args()
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        db.setdefault("TEST", {})["NAME"] = str(Path(os.environ["PRESSDESK_VAR_DIR"]) / "bench.sqlite3")
    settings.DEBUG = False
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        run(args)
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
