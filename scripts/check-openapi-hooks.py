"""Schemathesis hooks for scripts/check-openapi: only what cannot be tested meaningfully is left out."""
import os
import re
import urllib.parse

import schemathesis

OWN_USER = os.environ.get("FLOWGATE_CHECK_USER", "ADMIN")
OWN_KEY_ID = os.environ.get("FLOWGATE_CHECK_KEY_ID", "")


def _code(value):
    """A name or id as the gateway reads it from a path: percent-decoded, trimmed, upper-case."""
    return urllib.parse.unquote(str(value)).strip().upper()


@schemathesis.hook
def filter_case(context, case):
    """Drops the requests that lock the run out: every later request would be a 401, which no check flags.

    Disabling a user and deleting a key are tested by the Swift tests.
    """
    path, method = case.operation.path, case.method.upper()
    parameters = case.path_parameters or {}
    if path == "/api/v1/users/{user}" and method == "PATCH" and _code(parameters.get("user")) == OWN_USER:
        body = case.body if isinstance(case.body, dict) else {}
        if str(body.get("state", "")).strip().lower() == "disabled":
            return False
    if path == "/api/v1/users/{user}/apiKeys/{id}" and method == "DELETE" and _code(parameters.get("id")) == OWN_KEY_ID.upper():
        return False
    return True


# Business Central's checks on an enabled workflow's steps that are about the graph, not one value (Workflow+Validation).
STEP_GRAPH_RULES = ("must have exactly one entry-point step", "is not connected to the workflow", "cannot be reached from the entry point")


def _sent_members(case):
    """The top-level names the request carried: body members and parameters."""
    names = set()
    for part in (case.body, case.path_parameters, case.query):
        if isinstance(part, dict):
            names.update(str(name) for name in part)
    return names


def _unknowable(error, sent, entity_set):
    """A 400 no schema can foresee: it depends on what is stored, not on the shape of the input.

    - `cursor`: cursors are opaque; only the server's own are valid, so an invented one is rightly refused.
    - `… does not exist`: a member naming a user, company or code that is not there (approverId, requestedBy,
      companies[i], members[i].userName, …).
    - `… too large or too small to keep exactly as a decimal`: numbers are Business Central decimals (API.md), kept
      as Swift `Decimal`; a JSON number such as 1e-189 in a free-form member (`payload`, `inputs`, `fields`) passes any
      schema yet cannot be kept. Amounts still have their documented range, which this does not cover.
    - `refused to connect to <address>: … (allow it with --allow-network …)`: which addresses a notificationUrl may
      name depends on the gateway's --allow-network, not on the document.
    - `unknown field for <entitySet>`: one path, `/{entitySet}`, serves seven entity sets, so its input schema is the
      union of their members; no schema can tie the members to the path's entity set.
    - the shape of an enabled workflow's step graph (one entry point, every step connected and reachable): a graph
      rule, beyond what JSON Schema says about one value.
    - a field the request did not send: the stored resource breaks a rule, e.g. enabling a workflow whose stored
      steps have no entry point (`steps: must have exactly one entry-point step`); not a missing required one.
    """
    field, message = str(error.get("field", "")), str(error.get("message", ""))
    if field == "cursor" or message.endswith(("does not exist", "does not exist.", "to keep exactly as a decimal")):
        return True
    if message.startswith("refused to connect to ") and "--allow-network" in message:
        return True
    if entity_set and message == f"unknown field for {entity_set}":
        return True
    if any(rule in message for rule in STEP_GRAPH_RULES):
        return True
    # A member missing from the input is the document's business (`required`), so that one stays a failure.
    top = re.split(r"[.\[]", field, maxsplit=1)[0]
    return top not in sent and "required" not in message


@schemathesis.hook
def filter_failure(context, failure, case, response):
    """Keeps every failure except a "valid request refused" (ST202) that no document could have foreseen: every
    field it names is unknowable (above), or the notification URL did not answer the validation handshake, which
    depends on the receiver at that URL."""
    if failure.code != "ST202" or response.status_code != 400:
        return True
    try:
        problem = response.json()
    except Exception:
        return True
    if problem.get("type") == "handshake-failed":
        return False
    errors = problem.get("errors") or []
    sent = _sent_members(case)
    entity_set = str((case.path_parameters or {}).get("entitySet", ""))
    return not (errors and all(_unknowable(error, sent, entity_set) for error in errors))
