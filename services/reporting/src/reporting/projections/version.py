"""Which derivation of facts from events the code makes, so an upgrade knows to rebuild.

Bump :data:`FACTS_VERSION` whenever what the projections derive from an event changes (a
new fact, a changed rule). Each swap records the version its generation was built with; at
start, reporting rebuilds from the audit log once when the live generation is older
(``reporting.upgrade``), while the old figures keep answering.
"""

#: 1: the facts of the first releases (KPIs, funnels, housing stock, civic, case work)
#: 2: follow-ups due and referrals answered (overdue and unanswered counts); a registration's
#:    consent facts keep the first consent of each purpose
#: 3: a registration's consents are one fact (``consents_registered``), not one per purpose
#: 4: that fact's consents are in its ``detail`` (JSON), not its label (text)
FACTS_VERSION = 4
