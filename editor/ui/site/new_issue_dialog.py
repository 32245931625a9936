"""New Issue: pick the series, type a subtitle, see the number, slug, date and file, then create.

Nothing is written until Create; the preview is :func:`editor.core.site.plan_issue` run again on
every change, so what is shown is exactly what will be created.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from editor.core import plural
from editor.core.errors import GalleyError
from editor.core.post import split_front_matter
from editor.core.site import IssuePlan, Series, Site, plan_issue


class NewIssueDialog(QDialog):
    """Plans the next issue of one of the site's series; :attr:`plan` is what Create makes."""

    def __init__(
        self,
        site: Site,
        parent: QWidget | None = None,
        today: dt.date | None = None,
        default_author: tuple[str, str] = ("", ""),
    ) -> None:
        """``default_author``: (name, avatar) for a series whose issues name no author."""
        super().__init__(parent)
        self.setWindowTitle("New Issue")
        self._site = site
        self._today = today
        self._default_author = default_author
        self._series = {series.name: series for series in site.series()}
        self.plan: IssuePlan | None = None
        self._date_touched = False
        self._updating = False

        self.series = QComboBox()
        self.series.setObjectName("new-issue-series")

        def newest_issue(series: Series) -> dt.datetime:
            return series.latest.post.date_key or dt.datetime.min

        for series in sorted(site.series(), key=newest_issue, reverse=True):
            self.series.addItem(series.name)  # the series with the newest issue first
        self.subtitle = QLineEdit()
        self.subtitle.setObjectName("new-issue-subtitle")
        self.subtitle.setPlaceholderText("Optional, e.g. Kubernetes plugins")
        self.date = QDateTimeEdit()
        self.date.setObjectName("new-issue-date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("ddd d MMM yyyy, HH:mm")
        self.preview = QLabel()
        self.preview.setObjectName("new-issue-preview")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.RichText)

        form = QFormLayout()
        form.addRow("&Series", self.series)
        form.addRow("S&ubtitle", self.subtitle)
        form.addRow("&Date", self.date)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.create = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create.setText("Create")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.buttons)
        self.resize(560, 0)

        self.series.currentTextChanged.connect(self._series_changed)
        self.subtitle.textChanged.connect(lambda _t: self._update())
        self.date.dateTimeChanged.connect(self._date_changed)
        self._series_changed()
        self.subtitle.setFocus()  # the series is usually right: start with the subtitle

    def _series_changed(self) -> None:
        self._date_touched = False
        self._update()

    def _date_changed(self) -> None:
        if not self._updating:
            self._date_touched = True
            self._update()

    def _update(self) -> None:
        series = self._series.get(self.series.currentText())
        if series is None:
            self.plan = None
            self.preview.setText("This site has no series yet: a series needs two issues.")
            self.create.setEnabled(False)
            return
        zone = self.plan.date.tzinfo if self.plan is not None else None
        when = _to_python(self.date.dateTime(), zone) if self._date_touched else None
        try:
            plan = plan_issue(
                self._site,
                series,
                self.subtitle.text().strip(),
                today=self._today,
                when=when,
                default_author=self._default_author,
            )
        except GalleyError as error:
            self.plan = None
            self.preview.setText(f"<b>{_html(error.summary)}</b><br>{_html(error.detail)}")
            self.create.setEnabled(False)
            return
        self.plan = plan
        if not self._date_touched:
            self._updating = True
            try:
                self.date.setDateTime(_to_qt(plan.date))
            finally:
                self._updating = False
        rows = [
            ("Number", str(plan.number)),
            ("Title", plan.title),
            ("Slug", plan.slug),
            ("Date", plan.date_text),
            ("File", str(plan.path)),
        ]
        html = "".join(f"<tr><td><b>{k}</b>&nbsp;</td><td>{_html(v)}</td></tr>" for k, v in rows)
        body = _body_preview(plan.text)
        html += f"<tr><td valign='top'><b>Body</b>&nbsp;</td><td>{body}</td></tr>"
        warnings = "".join(f"<p>⚠ {_html(w)}</p>" for w in plan.warnings)
        self.preview.setText(f"<table>{html}</table>{warnings}")
        self.create.setEnabled(True)


def _to_qt(value: dt.datetime) -> QDateTime:
    """The date and time as written in the post (its own zone), shown as they are."""
    return QDateTime(
        QDate(value.year, value.month, value.day), QTime(value.hour, value.minute, value.second)
    )


def _to_python(value: QDateTime, zone: dt.tzinfo | None) -> dt.datetime:
    """What the user picked, in the zone the series writes its dates in."""
    date, time = value.date(), value.time()
    return dt.datetime(
        date.year(), date.month(), date.day(), time.hour(), time.minute(), tzinfo=zone
    )


def _body_preview(text: str, most: int = 12) -> str:
    """The new issue's body as it will start (its recurring sections), blank lines left out."""
    parts = split_front_matter(text)
    body = parts.body if parts is not None else text
    lines = [line for line in body.splitlines() if line.strip()]
    if not lines:
        return "<i>empty: the series' issues share no sections</i>"
    shown = "<br>".join(f"<code>{_html(line)}</code>" for line in lines[:most])
    more = len(lines) - most
    return shown + (f"<br>… and {plural.count(more, 'more line')}" if more > 0 else "")


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
