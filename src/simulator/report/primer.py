"""The primer every delegation reads before the talks: what a quantum computer could
break, post-quantum cryptography, "harvest now, decrypt later", dual use, the quantum
divide, and the kinds of governance on the table.

Each topic says what the seed documents say, in plain words, and quotes them word for
word with a credit a student can follow: the document's title and, for words someone
spoke, the speaker. Nothing here goes beyond the documents; a test checks every quote
against them.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.report.pages import escape
from simulator.scenario.model import Scenario

DOCUMENTS = {
    "000_e45bd38ebe58c0df.txt": "Human Rights-Centered Global Governance of Quantum "
    "Technologies: Implications for AI, Digital Rights, and the Digital Divide (UNESCO "
    "session, WSIS Forum, 8 July 2025)",
    "001_2e5a312722026cfd.txt": "Session Outcome Document: Pioneering Responsible Global "
    "Governance for Quantum Technologies (EUI, Sciences Po and UNESCO, WSIS Forum 2024)",
    "002_f09384524e7f2467.txt": "International Quantum Computing Summit: A Diplomatic Classroom",
    "003_dce3eaf6166d23c5.txt": "Quantum technology governance: A standards-first approach "
    "(Gasser, Aboy, Cohen, Kop, Science, 2025), news release",
    "004_d12526f3caa4185f.txt": "Towards an Atomic Agency for Quantum-AI (Kop, 2025)",
}
"""The title of each seed document the primer quotes, as a reader would cite it."""


@dataclass(frozen=True)
class Cited:
    """A passage quoted word for word from a seed document."""

    text: str
    """The passage, exactly as the document has it."""
    seed: str
    """The document's file name among the seeds."""
    speaker: str = ""
    """Who said it, for spoken words ('' for a document's own text)."""


@dataclass(frozen=True)
class Topic:
    """One topic of the primer."""

    title: str
    """Its heading."""
    text: str
    """What the documents say about it, in plain words."""
    quotes: tuple[Cited, ...]
    """The passages it rests on."""


CLASSROOM = "002_f09384524e7f2467.txt"
WORKSHOP = "000_e45bd38ebe58c0df.txt"

TOPICS = (
    Topic(
        "What a quantum computer could break",
        "Much of today's secure communication relies on encryption. The documents warn that "
        "quantum computing could break existing encryption, and that the same technology "
        "also promises new, more secure channels. In the hands of a rival state or of a "
        "criminal network, code-breaking could upset the balance of security.",
        (
            Cited(
                "The same technology enabling secure communication can break existing encryption.",
                CLASSROOM,
                "the delegate of Israel",
            ),
            Cited(
                "If non-state actors gain quantum code-breaking capabilities, traditional "
                "military advantages become meaningless.",
                CLASSROOM,
                "the delegate of Israel",
            ),
        ),
    ),
    Topic(
        "Post-quantum cryptography",
        "The answer the documents name is to move to quantum-resistant (post-quantum) "
        "cryptography before code-breaking machines exist, and to agree common standards for "
        "it: standards bodies in the United States and Europe are already working on them.",
        (
            Cited(
                "It argues for rapid development of quantum-resistant systems and strict "
                "controls on quantum technology access.",
                CLASSROOM,
                "the delegate of Israel",
            ),
            Cited(
                "the IEEE, the U.S. National Institute of Standards and Technology (NIST), and "
                "the European Telecommunications Standards Institute (ETSI) are advancing "
                "norms addressing post-quantum cryptography resilience",
                "003_dce3eaf6166d23c5.txt",
            ),
        ),
    ),
    Topic(
        "Harvest now, decrypt later",
        "Encrypted messages sent today can be copied and stored until a quantum computer can "
        "read them. So waiting for the machines to arrive is already too late for what must "
        "stay secret for years, such as what journalists and their sources say to each "
        "other.",
        (
            Cited(
                "the encrypted messages today could be stored and maybe break in the future "
                "when these quantum technologies are more available.",
                WORKSHOP,
                "Elodie Vialle, press-freedom advocate",
            ),
            Cited(
                "The question of governance is not a question for the future, it’s a "
                "question for right now.",
                WORKSHOP,
                "Elodie Vialle, press-freedom advocate",
            ),
        ),
    ),
    Topic(
        "Dual use",
        "A dual-use technology serves both peaceful and harmful ends. Quantum technologies "
        "can protect communication and can break its protection; they can help model the "
        "climate and can shift military balances. That is why the same clause can look like "
        "cooperation to one delegation and like a threat to another.",
        (
            Cited(
                "dual-use risks where quantum technologies present both opportunities and "
                "threats for encryption and security",
                WORKSHOP,
            ),
            Cited(
                "let's address the elephant in the room - quantum computing's dual-use nature.",
                CLASSROOM,
                "the delegate of Israel",
            ),
        ),
    ),
    Topic(
        "The quantum divide",
        "The documents warn that quantum technologies could widen the gap between those who "
        "have them and those who do not, on top of the digital divide that already exists, "
        "and they point to inequity inside the field itself.",
        (
            Cited(
                "an emerging quantum divide that could exacerbate global inequalities, and "
                "significant gender inequity in the quantum field where 79% of quantum "
                "companies have no female senior leaders",
                WORKSHOP,
            ),
        ),
    ),
    Topic(
        "What governance could look like",
        "The documents put several models on the table: international technical standards "
        "first, law later; a United Nations treaty; an international agency that checks "
        "compliance, modelled on the IAEA's safeguards; shared research centres like CERN. "
        "Which mix, and who decides, is what this negotiation is about.",
        (
            Cited(
                "advocates for an early emphasis on international standardization as a "
                "foundational governance mechanism, rather than premature legislative "
                "regulation",
                "003_dce3eaf6166d23c5.txt",
            ),
            Cited(
                "To enforce it, manage arms race risks, and ensure non-proliferation, an "
                "'Atomic Agency for Quantum-AI' (modeled on IAEA safeguards) warrants serious "
                "examination.",
                "004_d12526f3caa4185f.txt",
            ),
        ),
    ),
)
"""The primer's topics, in reading order."""


def credit(scenario: Scenario | None, quote: Cited) -> str:
    """Where ``quote`` comes from, in words: the speaker, if any, and the document."""
    title = DOCUMENTS.get(quote.seed, quote.seed)
    if scenario is not None:
        listed = scenario.document_title(quote.seed)
        title = listed if listed != quote.seed else title
    return f"{quote.speaker}, in {title}" if quote.speaker else title


def primer(scenario: Scenario | None = None) -> str:
    """The primer as Markdown."""
    lines = [
        "## Background: quantum technologies and why they are negotiated",
        "",
        "Read this before the talks: every delegation has the same page. Each part says "
        "what the source documents say, with their words and where they come from.",
    ]
    for topic in TOPICS:
        lines += ["", f"### {escape(topic.title)}", "", escape(topic.text)]
        for quote in topic.quotes:
            lines += ["", f"> “{escape(quote.text)}”", ">"]
            lines.append(f"> — {escape(credit(scenario, quote))}")
    return "\n".join(lines) + "\n"
