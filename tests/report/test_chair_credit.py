"""The teacher's moves from the chair read as the chair's, not as the scenario's
mediator's, wherever the transcript is told; the computer chair and a replay script's
mediator keep the mediator's own name."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.cli import main
from simulator.engine.log import decode_text, encode, header_of
from simulator.engine.moves import CallVote, FireInject, Pass, Propose, SetAgenda
from simulator.engine.session import Seat, Session
from simulator.replay.loading import play_script
from simulator.report.debrief import Sitting, debrief
from simulator.report.render import markdown
from simulator.report.transcript import render_transcript
from simulator.scenario_files import load_scenario
from simulator.storage.catalog import shipped_replay
from simulator.storage.sessions import SavedSession
from simulator.views import chair_view, public_view, transcript_lines
from tests.conftest import SCENARIOS

CLASSROOM = SCENARIOS / "quantum-classroom.yaml"


def chaired(chair: Seat | None) -> Session:
    """The classroom with the chair setting the agenda, firing an inject, a motion
    tabled and the chair calling the vote on it."""
    session = Session(load_scenario(str(CLASSROOM)), seed=1, chair=chair)
    moderator = session.state.table.moderator
    while session.state.phase == "openings":
        holder = session.state.holder()
        assert holder is not None
        session.push(Pass(actor=holder))
    session.push(SetAgenda(actor=moderator, terms=("climate_pilot",)))
    session.push(FireInject(actor=moderator, inject="nonstate_codebreaking"))
    holder = session.state.holder()
    assert holder is not None
    session.push(Propose(actor=holder, values={"climate_pilot": "joint_modelling"}))
    session.push(CallVote(actor=moderator))
    return session


CHAIR_LINES = (
    "The chair sets the agenda: Environmental and climate cooperation pilot",
    "The chair fires an inject: A non-state actor gains quantum code-breaking capability",
    "The chair calls the vote",
)
MEDIATOR_LINES = tuple(line.replace("The chair", "Dr. Chen") for line in CHAIR_LINES)


def told(session: Session) -> dict[str, str]:
    """The transcript as each place tells it."""
    count = session.move_count
    return {
        "transcript": render_transcript(session),
        "public view": "\n".join(line.text for line in public_view(session).lines),
        "chair's view": "\n".join(chair_view(session).public.transcript),
        "move lines": "\n".join(
            line for k in range(1, count + 1) for line in transcript_lines(session, k)
        ),
        "debrief": markdown(debrief(session, Sitting("t", "", session.chair or "computer"))),
    }


def test_a_person_chairing_is_the_chair_everywhere() -> None:
    """With a person in the chair, every telling credits the chair's moves to the chair
    and none names the mediator for them."""
    for where, text in told(chaired("human")).items():
        for line in CHAIR_LINES:
            assert line in text, (where, line)
        for line in MEDIATOR_LINES:
            assert line not in text, (where, line)


@pytest.mark.parametrize("chair", ["computer", None])
def test_the_computer_chair_speaks_as_the_mediator(chair: Seat | None) -> None:
    """With the computer in the chair (or nobody recorded), the mediator's name stays."""
    for where, text in told(chaired(chair)).items():
        for line in MEDIATOR_LINES:
            assert line in text, (where, line)
        assert "The chair " not in text.replace("The chair's", ""), where


def test_who_chairs_goes_through_the_log() -> None:
    """The log's header records who chairs, and the session read back from it tells the
    chair's moves as it did before."""
    session = chaired("human")
    text = "".join(encode(header_of(session), session.moves))
    assert '"chair": "human"' in text.splitlines()[0]
    back = decode_text(text, session.base)
    assert back.chair == "human"
    assert render_transcript(back) == render_transcript(session)
    assert back.fork(3).chair == "human"


def test_the_proposer_of_a_chairs_motion_is_the_chair() -> None:
    """A motion the person chairing tabled is shown as the chair's."""
    session = Session(load_scenario(str(CLASSROOM)), seed=1, chair="human")
    moderator = session.state.table.moderator
    while session.state.phase == "openings":
        holder = session.state.holder()
        assert holder is not None
        session.push(Pass(actor=holder))
    session.push(Propose(actor=moderator, values={"climate_pilot": "joint_modelling"}))
    motion = public_view(session).motion
    assert motion is not None
    assert motion.proposer == "the chair"
    assert "The chair proposes" in render_transcript(session)


def test_the_scripted_mediator_keeps_her_name() -> None:
    """The shipped classroom dialogue replays Dr. Chen's own lines under her name."""
    script = shipped_replay("classroom-dialogue")
    assert script is not None
    text = render_transcript(play_script(str(script)).session)
    assert 'Dr. Chen: "Welcome to this unprecedented diplomatic learning session.' in text
    assert "The chair" not in text


def test_replay_and_report_of_a_chaired_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``simulator replay`` and ``simulator report`` of a log a person chaired credit the
    chair's moves to the chair."""
    log = tmp_path / "chaired.jsonl"
    session = chaired("human")
    SavedSession.create(log, session, scenario_path=str(CLASSROOM)).close()
    assert main(["replay", str(log)]) == 0
    replayed = capsys.readouterr().out
    assert main(["report", str(log)]) == 0
    reported = capsys.readouterr().out
    for line in CHAIR_LINES:
        assert line in replayed
        assert line in reported
    assert "Dr. Chen fires" not in replayed + reported
