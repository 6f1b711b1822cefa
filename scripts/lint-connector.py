#!/usr/bin/env python3
"""Lints the Power Automate custom connector offline.

Usage: scripts/lint-connector.py [path/to/apiDefinition.swagger.json]
       (default: Connectors/PowerAutomate/apiDefinition.swagger.json)

`paconn validate` needs a Power Platform login, so this checks what can be checked without one:
the Swagger 2.0 schema (openapi-spec-validator) and the rules Power Automate and connector
certification add. apiProperties.json and icon.png are read from the swagger's folder.

Exit 0: no problem. Exit 1: every problem is listed. Exit 2: the check could not run
(openapi-spec-validator is missing: pip install openapi-spec-validator).
"""
import json
import os
import re
import sys

MAX_BYTES = 1024 * 1024
METHODS = ("get", "put", "post", "delete", "options", "head", "patch")
BRAND_COLOR = "#da3b01"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = argv[1] if len(argv) > 1 else os.path.join(root, "Connectors", "PowerAutomate", "apiDefinition.swagger.json")
    try:
        from openapi_spec_validator import OpenAPIV2SpecValidator
    except ImportError:
        print("lint-connector: openapi-spec-validator is not installed (pip install openapi-spec-validator)", file=sys.stderr)
        return 2

    problems = []
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as f:
            spec = json.loads(f.read().decode("utf-8"))
    except (OSError, ValueError) as error:
        print(f"{path}: cannot read it as JSON: {error}")
        return 1
    if size >= MAX_BYTES:
        problems.append(f"the file is {size} bytes; Power Automate accepts less than 1 MB ({MAX_BYTES})")
    if not isinstance(spec, dict):
        print(f"{path}: not a JSON object")
        return 1

    if spec.get("swagger") != "2.0":
        # the other rules assume Swagger 2.0; checking an OpenAPI 3 document against them only makes noise
        problems.append(f"swagger must be \"2.0\" (Power Automate takes Swagger 2.0 only), not {spec.get('swagger', spec.get('openapi'))!r}")
    else:
        try:
            for error in OpenAPIV2SpecValidator(spec).iter_errors():
                location = "/".join(str(p) for p in getattr(error, "path", [])) or "(root)"
                problems.append(f"Swagger 2.0 schema: {location}: {shorten(error.message)}")
        except Exception as error:  # a broken $ref and the like stop the validator
            problems.append(f"Swagger 2.0 schema: {shorten(str(error))}")
        problems += lint_document(spec)
    folder = os.path.dirname(os.path.abspath(path))
    problems += lint_properties(os.path.join(folder, "apiProperties.json"))
    problems += lint_icon(os.path.join(folder, "icon.png"))

    if problems:
        print(f"{path}: {len(problems)} problem(s)")
        for problem in problems:
            print(f"  - {problem}")
        return 1
    operations = sum(1 for _ in operations_of(spec))
    print(f"{path}: OK ({operations} operations, {size} bytes)")
    return 0


def shorten(message, limit=300):
    """The validator quotes whole documents in some messages ('… does not exist within {…}')."""
    message = message.split(" within {", 1)[0]
    return message if len(message) <= limit else message[:limit] + "…"


def operations_of(spec):
    paths = spec.get("paths") or {}
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        for method in METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                yield path, method, operation, item


def resolve(spec, node, seen=()):
    """Follows local $refs; returns None for an unresolvable or cyclic one."""
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if ref in seen or not isinstance(ref, str):
            return None
        seen = seen + (ref,)
        node = lookup(spec, ref)
    return node


def lint_document(spec):
    problems = []
    info = spec.get("info") or {}
    if not isinstance(info.get("contact"), dict) or not info["contact"]:
        problems.append("info.contact is missing")
    metadata = spec.get("x-ms-connector-metadata")
    if not isinstance(metadata, list):
        problems.append("x-ms-connector-metadata is missing (Website, Privacy policy, Categories)")
    else:
        names = {m.get("propertyName"): m.get("propertyValue") for m in metadata if isinstance(m, dict)}
        for name in ("Website", "Privacy policy", "Categories"):
            if not names.get(name):
                problems.append(f"x-ms-connector-metadata has no {name}")
        categories = [c for c in str(names.get("Categories") or "").split(";") if c.strip()]
        if len(categories) > 2:
            problems.append(f"x-ms-connector-metadata lists {len(categories)} categories; at most 2 are allowed")

    problems += lint_refs(spec)
    problems += lint_nullable(spec)

    seen_ids = {}
    all_operations = list(operations_of(spec))
    for path, method, operation, item in all_operations:
        where = f"{method.upper()} {path}"
        operation_id = operation.get("operationId")
        if not operation_id:
            problems.append(f"{where}: no operationId")
        elif operation_id in seen_ids:
            problems.append(f"{where}: operationId {operation_id!r} is also used by {seen_ids[operation_id]}")
        else:
            seen_ids[operation_id] = where
        name = operation_id or where
        for field in ("summary", "description"):
            if not str(operation.get(field) or "").strip():
                problems.append(f"{name}: no {field}")
        problems += lint_responses(spec, name, operation)
        parameters = list(item.get("parameters") or []) + list(operation.get("parameters") or [])
        for parameter in parameters:
            parameter = resolve(spec, parameter)
            if not isinstance(parameter, dict):
                continue
            label = f"{name}: parameter {parameter.get('name')!r}"
            if not str(parameter.get("description") or "").strip():
                problems.append(f"{label} has no description")
            if not str(parameter.get("x-ms-summary") or "").strip():
                problems.append(f"{label} has no x-ms-summary")
        if "x-ms-trigger" in operation:
            problems += lint_trigger(spec, path, method, operation, name, parameters, all_operations)
    return problems


def lint_responses(spec, name, operation):
    problems = []
    responses = operation.get("responses") or {}
    successes = {code: r for code, r in responses.items() if re.fullmatch(r"2\d\d", str(code))}
    if not successes:
        problems.append(f"{name}: no 2xx response")
    for code, response in successes.items():
        response = resolve(spec, response)
        if code == "204":
            continue
        if not isinstance(response, dict) or "schema" not in response:
            problems.append(f"{name}: the {code} response has no schema")
    return problems


def lint_trigger(spec, path, method, operation, name, parameters, all_operations):
    problems = []
    kind = operation.get("x-ms-trigger")
    if kind not in ("single", "batch"):
        problems.append(f"{name}: x-ms-trigger is {kind!r}; use single or batch")
    webhook = method != "get" or "x-ms-notification-content" in operation
    if not webhook:
        return problems

    # the callback: a parameter, or a property of the body's schema
    callbacks = []
    for parameter in parameters:
        parameter = resolve(spec, parameter)
        if not isinstance(parameter, dict):
            continue
        if parameter.get("x-ms-notification-url") is True:
            callbacks.append((f"parameter {parameter.get('name')!r}", parameter, parameter.get("required") is True))
        if parameter.get("in") == "body":
            schema = resolve(spec, parameter.get("schema"))
            if isinstance(schema, dict):
                required = set(schema.get("required") or [])
                for key, value in (schema.get("properties") or {}).items():
                    value = resolve(spec, value)
                    if isinstance(value, dict) and value.get("x-ms-notification-url") is True:
                        callbacks.append((f"body property {key!r}", value, key in required and parameter.get("required") is True))
    if len(callbacks) != 1:
        problems.append(f"{name}: a webhook trigger needs exactly one parameter or body property with x-ms-notification-url: true; it has {len(callbacks)}")
    for label, node, required in callbacks:
        if node.get("x-ms-visibility") != "internal":
            problems.append(f"{name}: {label} (the callback URL) needs x-ms-visibility: internal")
        if not required:
            problems.append(f"{name}: {label} (the callback URL) must be required")

    content = operation.get("x-ms-notification-content")
    if not isinstance(content, dict) or not isinstance(content.get("schema"), dict):
        problems.append(f"{name}: a webhook trigger needs x-ms-notification-content with the schema of what it receives")

    created = resolve(spec, (operation.get("responses") or {}).get("201"))
    if not isinstance(created, dict):
        problems.append(f"{name}: a webhook trigger must answer 201 (with Location)")
    elif not any(h.lower() == "location" for h in (created.get("headers") or {})):
        problems.append(f"{name}: its 201 response does not document the Location header")

    # Location names the created resource: by default the item under the trigger's path; a trigger whose
    # resource lives elsewhere says where in its Location header's x-flowgate-location.
    location = ((created or {}).get("headers") or {}).get("Location") or {}
    target = location.get("x-flowgate-location") or path.rstrip("/") + "/{id}"
    item_path = re.compile(re.sub(r"\\\{[^/}]+\\\}", r"\\{[^/}]+\\}", re.escape(target)))
    if not any(m == "delete" and item_path.fullmatch(p) for p, m, _, _ in all_operations):
        problems.append(f"{name}: no DELETE operation on {target}, which Power Automate calls to remove the webhook")
    return problems


def lint_refs(spec):
    """Every $ref resolves, and no definition reaches itself through $refs."""
    problems = []
    edges = {}

    def refs_in(node, found):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                found.add(ref)
            for value in node.values():
                refs_in(value, found)
        elif isinstance(node, list):
            for value in node:
                refs_in(value, found)
        return found

    for ref in sorted(refs_in(spec, set())):
        if lookup(spec, ref) is None:
            problems.append(f"$ref {ref} does not resolve (only local #/… references are allowed)")

    for section in ("definitions", "parameters", "responses"):
        for key, value in (spec.get(section) or {}).items():
            edges[f"#/{section}/{key}"] = refs_in(value, set())

    state = {}
    cycles = []

    def visit(node, stack):
        state[node] = "open"
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if state.get(target) == "open":
                cycles.append(stack[stack.index(target):] + [target])
            elif target not in state:
                visit(target, stack)
        stack.pop()
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [])
    for cycle in cycles:
        problems.append("$ref cycle: " + " -> ".join(c.split("/")[-1] for c in cycle))
    return problems


def lookup(spec, ref):
    """The node a local $ref names (one step, not following further $refs), or None."""
    if not ref.startswith("#/"):
        return None
    target = spec
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(target, dict) or part not in target:
            return None
        target = target[part]
    return target


def lint_nullable(spec):
    """Swagger 2.0 has no null type: nullable values are x-nullable: true."""
    problems = []

    def walk(node, where):
        if isinstance(node, dict):
            if isinstance(node.get("type"), list):
                problems.append(f"{where}: type is a list; Swagger 2.0 takes one type (mark nullable values with x-nullable: true)")
            if "nullable" in node and isinstance(node.get("nullable"), bool):
                problems.append(f"{where}: nullable is OpenAPI 3; use x-nullable: true")
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    walk(spec.get("definitions") or {}, "#/definitions")
    walk(spec.get("paths") or {}, "#/paths")
    return problems


def lint_properties(path):
    problems = []
    try:
        with open(path, encoding="utf-8") as f:
            document = json.load(f)
    except (OSError, ValueError) as error:
        return [f"apiProperties.json: cannot read it: {error}"]
    properties = document.get("properties") if isinstance(document, dict) else None
    if not isinstance(properties, dict):
        return ["apiProperties.json: no properties object"]
    parameters = properties.get("connectionParameters") or {}
    if not any(isinstance(p, dict) and p.get("type") == "securestring" for p in parameters.values()):
        problems.append("apiProperties.json: no connection parameter of type securestring (the API key)")
    for key, parameter in parameters.items():
        if isinstance(parameter, dict) and not isinstance(parameter.get("uiDefinition"), dict):
            problems.append(f"apiProperties.json: connection parameter {key!r} has no uiDefinition")
    color = str(properties.get("iconBrandColor") or "")
    if color.lower() != BRAND_COLOR:
        problems.append(f"apiProperties.json: iconBrandColor is {color!r}; independent publishers use {BRAND_COLOR}")
    for field in ("publisher", "stackOwner"):
        if not str(properties.get(field) or "").strip():
            problems.append(f"apiProperties.json: no {field}")
    if "capabilities" not in properties:
        problems.append("apiProperties.json: no capabilities")
    return problems


def lint_icon(path):
    try:
        with open(path, "rb") as f:
            head = f.read(24)
    except OSError as error:
        return [f"icon.png: cannot read it: {error}"]
    if not head.startswith(PNG_SIGNATURE) or head[12:16] != b"IHDR":
        return ["icon.png is not a PNG"]
    width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    if width != height:
        return [f"icon.png is {width}x{height}; it must be square"]
    return []


if __name__ == "__main__":
    sys.exit(main(sys.argv))
