"""Parses FHIR R4 resources with an independent implementation (the `fhir.resources` package,
its R4B models, R4's compatible update for these resources) and prints what it read of each.

usage: python3 validate.py FILE.json...

Prints one JSON object: by file name, either {"error": "..."} or a summary of the key fields
as the parsed models hold them, for tests/fhir.rs to check. Exits 1 when any file fails.
"""
import json
import sys

try:
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.questionnaire import Questionnaire
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
except ImportError as e:
    print(f"fhir.resources is not installed ({e}): run scripts/setup", file=sys.stderr)
    sys.exit(2)

MODELS = {
    "Bundle": Bundle,
    "Questionnaire": Questionnaire,
    "QuestionnaireResponse": QuestionnaireResponse,
}
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
UNIT_OPTION = "http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption"
# The screener's own extension on a date the patient is not sure of ("about May 2025").
APPROXIMATE = "/StructureDefinition/approximate"


def num(d):
    return None if d is None else float(d)


def languages(ext_holder):
    """The languages of the translation extensions on a primitive's `_x` element."""
    out = []
    for e in (ext_holder.extension or []) if ext_holder else []:
        if e.url == TRANSLATION:
            out += [s.valueCode for s in e.extension or [] if s.url == "lang"]
    return out


def answer(a):
    if a.valueBoolean is not None:
        return {"type": "valueBoolean", "value": a.valueBoolean}
    if a.valueCoding is not None:
        return {"type": "valueCoding", "system": a.valueCoding.system, "code": a.valueCoding.code}
    if a.valueQuantity is not None:
        q = a.valueQuantity
        limit = [num(e.valueQuantity.value) for e in a.extension or [] if e.valueQuantity]
        return {"type": "valueQuantity", "value": num(q.value), "system": q.system,
                "code": q.code, "upper_limit": limit[0] if limit else None}
    if a.valueDate is not None:
        # A year or a month stays as written; a full date parses into a calendar day.
        about = [e.valueBoolean for e in a.extension or [] if e.url.endswith(APPROXIMATE)]
        return {"type": "valueDate", "value": str(a.valueDate), "approximate": about == [True]}
    return {"type": "other"}


def response_items(items, out):
    for i in items or []:
        if i.answer:
            out.setdefault(i.linkId, []).extend(answer(a) for a in i.answer)
            for a in i.answer:
                response_items(a.item, out)
        response_items(i.item, out)
    return out


def questionnaire_items(items, out):
    for i in items or []:
        out[i.linkId] = {
            "type": i.type,
            "translations": languages(i.text__ext),
            "enableWhen": [w.question for w in i.enableWhen or []],
            "options": [{"system": o.valueCoding.system, "code": o.valueCoding.code,
                         "translations": languages(o.valueCoding.display__ext)}
                        for o in i.answerOption or [] if o.valueCoding],
            "units": [e.valueCoding.code for e in i.extension or [] if e.url == UNIT_OPTION],
        }
        questionnaire_items(i.item, out)
    return out


def summary(r):
    kind = r.__resource_type__ if hasattr(r, "__resource_type__") else r.get_resource_type()
    if kind == "QuestionnaireResponse":
        return {"kind": kind, "status": r.status, "questionnaire": r.questionnaire,
                "authored": r.authored is not None,
                "contained": [c.get_resource_type() for c in r.contained or []],
                "extensions": [e.url for e in r.extension or []],
                "answers": response_items(r.item, {})}
    if kind == "Questionnaire":
        return {"kind": kind, "url": r.url, "version": r.version,
                "items": questionnaire_items(r.item, {})}
    studies = []
    for e in r.entry or []:
        s = e.resource
        contained = s.contained or []
        studies.append({
            "kind": s.get_resource_type(), "id": s.id, "status": s.status,
            "identifier": [[i.system, i.value] for i in s.identifier or []],
            "title": s.title,
            "phase": [c.code for c in (s.phase.coding or [])] if s.phase else [],
            "sponsor": s.sponsor.reference if s.sponsor else None,
            "sites": [x.reference for x in s.site or []],
            "locations": {c.id: {"position": c.position is not None,
                                 "telecom": len(c.telecom or [])}
                          for c in contained if c.get_resource_type() == "Location"},
        })
    return {"kind": kind, "type": r.type, "studies": studies}


def main():
    report, failed = {}, False
    for path in sys.argv[1:]:
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
            report[path] = summary(MODELS[data["resourceType"]].model_validate(data))
        except Exception as e:  # every failure is a finding for the test, whatever raised it
            failed = True
            report[path] = {"error": f"{type(e).__name__}: {e}"}
    print(json.dumps(report, indent=1, default=str))
    sys.exit(1 if failed else 0)


main()
