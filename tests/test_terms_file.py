"""A terms file that cannot be adopted is refused with a TermsError naming the file and the fault.

Each test writes a small terms file into pytest's tmp_path, changed in one way from a
valid one, and reads it as the ledger does (`read_terms_file`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ledger.errors import LedgerError, TermsError
from ledger.terms import read_terms_file

PARTNERSHIP = """\
[partnership]
name = "Daventry District Local Strategic Partnership"
document = "Daventry District Local Strategic Partnership Executive Terms of Reference"
"""

EXECUTIVE = """\
[bodies.executive]
name = "LSP Executive"
clause = "4"
kind = "executive"
"""

QUORUM = """\
[bodies.executive.quorum]
members = 3
clause = "4.5"
"""

FORUM = """\
[bodies.forum]
name = "Health and Wellbeing Partnership Forum"
clause = "4.11"
kind = "forum"
reports_to = "executive"
"""

VALID = PARTNERSHIP + EXECUTIVE + QUORUM + FORUM


def write(tmp_path: Path, text: str, name: str = "terms.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refusal(path: Path) -> str:
    """Read the file, expecting a refusal; return its message."""
    with pytest.raises(TermsError) as caught:
        read_terms_file(str(path))
    return str(caught.value)


def test_the_valid_base_file_is_accepted(tmp_path: Path) -> None:
    # Given the valid file every other test here changes in one way
    path = write(tmp_path, VALID)
    # When it is read
    _, terms = read_terms_file(str(path))
    # Then it is accepted, so each refusal below is due to its one change
    assert set(terms.bodies) == {"executive", "forum"}
    assert terms.bodies["forum"].reports_to == "executive"


def test_a_file_that_is_not_toml_is_refused_naming_file_and_line(tmp_path: Path) -> None:
    # Given a file that is not TOML at all (prose where key = value is expected)
    path = write(tmp_path, "The LSP Executive will meet once a quarter.\n")
    # When it is read
    message = refusal(path)
    # Then the refusal names the file, says it is not TOML, and points at the line
    assert message.startswith(f"{path}: ")
    assert "not valid TOML" in message
    assert "line 1" in message


def test_an_unterminated_string_is_refused_naming_its_line(tmp_path: Path) -> None:
    # Given a terms file whose body name (line 5) is never closed
    text = PARTNERSHIP + '[bodies.executive]\nname = "LSP Executive\nclause = "4"\n'
    path = write(tmp_path, text)
    # When it is read
    message = refusal(path)
    # Then the refusal names the file and the line of the broken value
    assert message.startswith(f"{path}: ")
    assert "not valid TOML" in message
    assert "line 5" in message


def test_an_unknown_key_typo_is_refused_naming_the_key(tmp_path: Path) -> None:
    # Given a terms file with "quorom" where "quorum" was meant
    path = write(tmp_path, VALID.replace("[bodies.executive.quorum]", "[bodies.executive.quorom]"))
    # When it is read
    message = refusal(path)
    # Then the refusal names the file and the full path of the misspelt key
    assert message.startswith(f"{path}: ")
    assert "bodies.executive.quorom" in message
    assert "Extra inputs are not permitted" in message


def test_an_unknown_key_inside_a_section_is_refused_naming_the_key(tmp_path: Path) -> None:
    # Given a quorum with "member" where "members" was meant
    path = write(tmp_path, VALID.replace("members = 3", "member = 3"))
    # When it is read
    message = refusal(path)
    # Then the refusal names the file and the misspelt key
    assert message.startswith(f"{path}: ")
    assert "bodies.executive.quorum.member:" in message


def test_a_quorum_with_both_members_and_fraction_is_refused(tmp_path: Path) -> None:
    # Given a quorum giving both a number of members and a fraction
    path = write(tmp_path, VALID.replace("members = 3\n", 'members = 3\nfraction = "1/3"\n'))
    # When it is read
    message = refusal(path)
    # Then the refusal names the file, the quorum key, and says to give exactly one
    assert message.startswith(f"{path}: ")
    assert "bodies.executive.quorum:" in message
    assert "exactly one of 'members' or 'fraction'" in message


def test_a_quorum_with_neither_members_nor_fraction_is_refused(tmp_path: Path) -> None:
    # Given a quorum with only a clause
    path = write(tmp_path, VALID.replace("members = 3\n", ""))
    # When it is read
    message = refusal(path)
    # Then the refusal names the file and the quorum key
    assert message.startswith(f"{path}: ")
    assert "bodies.executive.quorum:" in message
    assert "exactly one of 'members' or 'fraction'" in message


def test_reports_to_a_body_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    # Given a forum that reports to "exec", which is not a body in the file
    path = write(tmp_path, VALID.replace('reports_to = "executive"', 'reports_to = "exec"'))
    # When it is read
    message = refusal(path)
    # Then the refusal names the file, the key, and the missing body
    assert message.startswith(f"{path}: ")
    assert "bodies.forum.reports_to" in message
    assert "no body 'exec'" in message


def test_drawn_from_a_body_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    # Given a forum whose members are drawn from "full", which is not a body in the file
    membership = (
        '[bodies.forum.membership]\ndrawn_from = "full"\n'
        'drawn_from_clause = "4.13"\nclause = "4.13"\n'
    )
    path = write(tmp_path, VALID + membership)
    # When it is read
    message = refusal(path)
    # Then the refusal names the file, the key, and the missing body
    assert message.startswith(f"{path}: ")
    assert "bodies.forum.membership.drawn_from" in message
    assert "no body 'full'" in message


@pytest.mark.parametrize("body_id", ["Executive", "lsp executive", "-executive", "exec_2024"])
def test_a_body_id_that_is_not_a_slug_is_refused(tmp_path: Path, body_id: str) -> None:
    # Given a body whose id is not a slug ([a-z0-9][a-z0-9-]*)
    text = PARTNERSHIP + f'[bodies."{body_id}"]\nname = "LSP Executive"\nclause = "4"\n'
    path = write(tmp_path, text)
    # When it is read
    message = refusal(path)
    # Then the refusal names the file and the bad id, and shows the pattern expected
    assert message.startswith(f"{path}: ")
    assert f"bodies.{body_id}" in message
    assert f"(got {body_id!r})" in message
    assert "[a-z0-9][a-z0-9-]*" in message


def test_a_rule_without_its_clause_is_refused_naming_the_key(tmp_path: Path) -> None:
    # Given a quorum that does not cite the clause it comes from
    path = write(tmp_path, VALID.replace('clause = "4.5"\n', ""))
    # When it is read
    message = refusal(path)
    # Then the refusal names the file and the missing clause key
    assert message.startswith(f"{path}: ")
    assert "bodies.executive.quorum.clause: Field required" in message


def test_a_body_without_its_clause_is_refused_naming_the_key(tmp_path: Path) -> None:
    # Given a body that does not cite where the document establishes it
    path = write(tmp_path, VALID.replace('clause = "4.11"\n', ""))
    # When it is read
    message = refusal(path)
    # Then the refusal names the file and the missing clause key
    assert message.startswith(f"{path}: ")
    assert "bodies.forum.clause: Field required" in message


def test_a_membership_rule_without_its_own_clause_is_refused(tmp_path: Path) -> None:
    # Given an annual review of membership with no review_clause citing it
    membership = "[bodies.executive.membership]\nannual_review = true\nclause = \"4.1\"\n"
    path = write(tmp_path, VALID + membership)
    # When it is read
    message = refusal(path)
    # Then the refusal names the file, the section, and the clause key to set
    assert message.startswith(f"{path}: ")
    assert "bodies.executive.membership:" in message
    assert "review_clause" in message


def test_a_file_that_does_not_exist_is_refused_naming_it(tmp_path: Path) -> None:
    # Given a path where no file exists
    path = tmp_path / "no-such-terms.toml"
    # When it is read
    message = refusal(path)
    # Then the refusal names the file and says it cannot be read
    assert message.startswith(f"{path}: ")
    assert "cannot read the terms file" in message


def test_a_file_that_is_not_utf8_is_refused_naming_it(tmp_path: Path) -> None:
    # Given a terms file saved as Latin-1, with an accented name
    path = tmp_path / "terms.toml"
    path.write_bytes(VALID.replace("LSP Executive", "Comité exécutif").encode("latin-1"))
    # When it is read
    message = refusal(path)
    # Then the refusal names the file and says it is not UTF-8
    assert message.startswith(f"{path}: ")
    assert "not UTF-8" in message


def test_a_terms_error_is_a_ledger_refusal(tmp_path: Path) -> None:
    # Given a malformed terms file
    path = write(tmp_path, "not toml\n")
    # When it is read
    with pytest.raises(LedgerError) as caught:
        read_terms_file(str(path))
    # Then the error is a TermsError, which the command line turns into exit code 1
    assert isinstance(caught.value, TermsError)
    assert caught.value.message == str(caught.value)


def test_reports_to_as_a_list_keeps_a_single_reports_to_for_the_first_line(
    tmp_path: Path,
) -> None:
    # Given a forum reporting to the executive and, from a date, to a second body
    second = ('[bodies.hwb]\nname = "Health and Wellbeing Board"\nclause = "1"\n')
    path = write(tmp_path, VALID.replace(
        'reports_to = "executive"',
        'reports_to = ["executive", { body = "hwb", from = 2022-04-01, clause = "4.11" }]',
    ) + second)
    # When it is read
    _, terms = read_terms_file(str(path))
    forum = terms.bodies["forum"]
    # Then reports_to is the first line, and the second runs from its date
    assert forum.reports_to == "executive"
    assert [(line.body, line.from_) for line in forum.reporting_lines] == [
        ("executive", None), ("hwb", date(2022, 4, 1))]


@pytest.mark.parametrize("lines, fault", [
    ('["executive", "exec"]', "bodies.forum.reports_to (line 2): no body 'exec'"),
    ("[]", "give a body, or a list of at least one"),
    ('["forum"]', "a body cannot report to itself"),
    ('[{ body = "executive", from = 2022-04-01, until = 2021-04-01 }]',
     "'until' must come after its 'from'"),
    ('[{ body = "executive", since = 2022-04-01 }]', "since"),
])
def test_reports_to_a_list_with_a_fault_is_refused(tmp_path: Path, lines: str,
                                                   fault: str) -> None:
    # Given a forum whose list of reporting lines has one fault
    path = write(tmp_path, VALID.replace('reports_to = "executive"', f"reports_to = {lines}"))
    # When it is read
    message = refusal(path)
    # Then the refusal names the file and the fault
    assert message.startswith(f"{path}: ")
    assert fault in message
