"""Who may see what: an agent, a beneficiary's proxy, a sensitivity level, a démarche."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from kiosk.domain.levels import SensitivityLevel
from kiosk.domain.people import Agent, AgentRole
from kiosk.domain.proxy import Demarche, Proxy, ProxyStatus


class AccessVerdict(StrEnum):
    """The answer to "may this agent see this?", with the first reason for a refusal."""

    ALLOWED = "allowed"
    ROLE_EXCLUDED = "role_excluded"  # technicians never see beneficiaries' documents
    ABOVE_COMPETENCE = "above_competence"
    NO_PROXY = "no_proxy"
    PROXY_NOT_ACTIVE = "proxy_not_active"
    OTHER_STRUCTURE = "other_structure"
    OTHER_AGENT = "other_agent"
    ABOVE_PROXY_LEVEL = "above_proxy_level"
    OUT_OF_SCOPE = "out_of_scope"


def access_verdict(
    agent: Agent,
    proxy: Proxy | None,
    level: SensitivityLevel,
    scope: Demarche,
    at: datetime,
) -> AccessVerdict:
    """Why ``agent`` may or may not see a document of ``level`` for ``scope`` at ``at``.

    ``proxy`` must be the proxy of the beneficiary who owns the document (or None).
    Both limits apply: the agent's own competence and the proxy's ``max_level``.
    """
    if agent.role is AgentRole.TECHNICIAN:
        return AccessVerdict.ROLE_EXCLUDED
    if level > agent.competence_level:
        return AccessVerdict.ABOVE_COMPETENCE
    if proxy is None:
        return AccessVerdict.NO_PROXY
    if proxy.status_at(at) is not ProxyStatus.ACTIVE:
        return AccessVerdict.PROXY_NOT_ACTIVE
    if proxy.structure_id != agent.structure_id:
        return AccessVerdict.OTHER_STRUCTURE
    if proxy.agent_cert_fp not in agent.cert_fingerprints:
        return AccessVerdict.OTHER_AGENT
    if level > proxy.max_level:
        return AccessVerdict.ABOVE_PROXY_LEVEL
    if scope not in proxy.scopes:
        return AccessVerdict.OUT_OF_SCOPE
    return AccessVerdict.ALLOWED


def agent_may_see(
    agent: Agent,
    proxy: Proxy | None,
    level: SensitivityLevel,
    scope: Demarche,
    at: datetime,
) -> bool:
    """True if :func:`access_verdict` is ALLOWED."""
    return access_verdict(agent, proxy, level, scope, at) is AccessVerdict.ALLOWED
