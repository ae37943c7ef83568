"""The important-case criteria (重要投诉件) of 《县机关效能投诉中心工作规则》第十七条, plus the
collective case, as a suggestion a person confirms (sources: docs/rules.md)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from .models import OfficialRank, Severity, SpecialIdentity

# Reason codes, stored on the case; texts for display.
REASONS = {
    "section_official": _("complaint about a section-level (or higher) official"),
    "npc_deputy": _("complainant is an NPC deputy"),
    "cppcc_member": _("complainant is a CPPCC member"),
    "foreigner": _("complainant is a foreign national or foreign investor"),
    "hmt_compatriot": _("complainant is from Hong Kong, Macao or Taiwan, or overseas Chinese"),
    "safety": _("threatens safety, life, property or social stability"),
    "collective": _("collective case of three or more parties"),
    "difficult": _("special, important or difficult matter"),
}
COLLECTIVE_PARTIES = 3
# Criteria that describe the complainant: they tell whoever reads them who complained (a deputy
# to the NPC, a foreign investor…), so a unit reads them only once the identity is disclosed to it.
ABOUT_THE_COMPLAINANT = frozenset({"npc_deputy", "cppcc_member", "foreigner", "hmt_compatriot"})


def suggest(
    *,
    identities: Iterable[str],
    official_rank: str,
    party_count: int,
    safety: bool,
    difficult: bool,
) -> tuple[Severity, list[str]]:
    """The suggested severity and the codes of the criteria that triggered it."""
    reasons: list[str] = []
    if official_rank in {OfficialRank.SECTION, OfficialRank.COUNTY}:
        reasons.append("section_official")
    for identity in sorted({i for i in identities if i and i != SpecialIdentity.NONE}):
        reasons.append(identity)
    if safety:
        reasons.append("safety")
    if party_count >= COLLECTIVE_PARTIES:
        reasons.append("collective")
    if difficult:
        reasons.append("difficult")
    if not reasons:
        return Severity.GENERAL, []
    # A collective case that also threatens safety: 重大 (《大厦客户投诉处理管理制度(三)》(6)).
    if safety and party_count >= COLLECTIVE_PARTIES:
        return Severity.MAJOR, reasons
    return Severity.IMPORTANT, reasons
