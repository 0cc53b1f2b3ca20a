"""The read models: frozen pydantic models, so `--json` is exactly the model's dump.

`ReadModel` refuses a field it does not declare, so what a query passes is never silently
dropped. Here: the base, the latest seal every paper carries, and the models of the
roster, the audit trail, the terms and `lsp check`; those of a meeting and of decisions
between meetings are in `projections.meeting_models` and `projections.decision_models`.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class ReadModel(BaseModel):
    # Built on first use (defer_build), not at import: a command builds the ones it answers with.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class SealRef(ReadModel):
    """The latest seal a paper was printed under: a paper copy pins the ledger's state."""

    tree_size: int
    root: str
    position: int
    checkpoint: str | None = None  # the seal as a C2SP checkpoint (ledger/audit/checkpoint.py)


class SeatRow(ReadModel):
    seat: str
    org: str
    org_name: str
    holder: str | None
    holder_name: str | None
    holder_since: str | None
    term_ends: str | None
    deputy: str | None
    deputy_name: str | None
    voting: bool
    co_opted: bool
    category: str | None
    role: str | None
    # Where the terms make the role subject to another body's approval (Daventry 4.14):
    # "awaiting approval by the LSP Executive (4.14)" or "approved by ... at MEETING";
    # None where no approval is needed.
    role_approval: str | None = None
    # A fixed term ended and the holder not re-appointed: `holder` is None, and who it was
    term_ended: bool = False
    term_ended_holder: str | None = None
    term_ended_holder_name: str | None = None
    # The role on another body this seat follows ("lap-1 vice-chair"): `holder` is that
    # role's holder on the day (ledger/follows.py).
    follows: str | None = None


class RosterView(ReadModel):
    body: str
    body_name: str
    as_of: str
    known_at: str | None
    terms_version: int
    seats: list[SeatRow]
    voting_seats: int
    filled_seats: int
    last_review: str | None
    anomalies: list[str]


class AuditEntry(ReadModel):
    position: int
    entity: str
    version: int
    event: str
    effective: str
    recorded: str
    actor: str
    changes: dict[str, Any]


class AuditTrail(ReadModel):
    entity: str | None
    events: list[AuditEntry]
    # The filters asked for (`lsp audit --kind --from --to --seals`), and how many seal
    # events they left out (seals are shown only when asked for).
    kinds: list[str] = []
    from_date: str | None = None
    to_date: str | None = None
    seals: bool = False
    seals_left_out: int = 0


class TermsVersionView(ReadModel):
    version: int
    effective: str
    recorded: str
    actor: str
    source: str
    sha256: str


class TermsView(ReadModel):
    as_of: str
    version: TermsVersionView
    partnership: str
    document: str
    bodies: dict[str, Any]
    versions: list[TermsVersionView]


class Warning(ReadModel):
    body: str
    rule: str
    clause: str
    message: str


class CheckReport(ReadModel):
    as_of: str
    terms_version: int
    warnings: list[Warning]
    seal: SealRef | None  # the latest seal

