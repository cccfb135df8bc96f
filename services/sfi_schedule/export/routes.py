"""The SS 12000 2.1.0 read API: thin handlers (parse → one service function → page and dump) and their routes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from aiohttp import web
from marshmallow import INCLUDE, Schema, fields

from services.sfi_schedule.export import params, service
from services.sfi_schedule.export.access import access_of
from services.sfi_schedule.export.config import SS12000_CONFIG
from services.sfi_schedule.export.deleted import grouped
from services.sfi_schedule.export.errors import ITEM_RESPONSES, LIST_RESPONSES, standard_errors
from services.sfi_schedule.export.filters import sort_order, utc_key
from services.sfi_schedule.export.paging import page, read_list
from services.sfi_schedule.export.resources import session_order
from services.sfi_schedule.export.sources import Options
from shared.body import SchemaArg, load_query
from shared.db import DB_POOL
from shared.errors import ValidationFailed
from shared.etag import json_response
from shared.identity import identity_of
from shared.openapi import Endpoint

Handler = Callable[[web.Request], Any]


class Ss12000PageSchema(Schema):
    """A page of SS 12000 items; ``pageToken`` asks for the next one (null on the last page)."""

    data = fields.List(fields.Dict(), required=True)
    pageToken = fields.String(allow_none=True)


class Ss12000ItemSchema(Schema):
    """One SS 12000 item (the standard's schema of that type)."""

    class Meta:
        unknown = INCLUDE

    id = fields.UUID(required=True)


class Ss12000DeletedSchema(Schema):
    """The standard's DeletedEntities: ids per entity type."""

    data = fields.Dict(keys=fields.String(), values=fields.List(fields.UUID()), required=True)
    pageToken = fields.String(allow_none=True)


def _options(request: web.Request, q: dict[str, Any]) -> Options:
    return Options(access_of(identity_of(request)), bool(q.get("names")), frozenset(q.get("expand", ())))


def _path_id(request: web.Request) -> UUID:
    try:
        return UUID(request.match_info["id"])
    except ValueError:
        raise ValidationFailed.field("/id", "(path) must be a uuid") from None


def _lister(name: str, schema: SchemaArg, default_sort: str | None = None) -> Handler:
    scope = f"sfi.ss12000.{name}"

    @standard_errors
    async def handler(request: web.Request) -> web.Response:
        lr = read_list(request, schema, scope)
        found = await service.list_items(request.app[DB_POOL], request.app[SS12000_CONFIG], name=name, q=lr.query,
                                         options=_options(request, lr.query))  # fmt: skip
        key, descending = sort_order(lr.query.get("sortkey"), default_sort)
        body, headers = page(request, found, lr, scope, key=key, descending=descending)
        return json_response(request, body, headers=headers)

    handler.__doc__ = f"SS 12000 {name}: filters, sortkey, expand and paging of the standard."
    return handler


@standard_errors
async def calendar_events(request: web.Request) -> web.Response:
    """Sessions in the asked window, paged as sessions: only the page is built into CalendarEvents."""
    scope = "sfi.ss12000.calendarEvents"
    lr = read_list(request, params.CalendarEventsQuery, scope)
    found, build = await service.list_events(request.app[DB_POOL], request.app[SS12000_CONFIG], q=lr.query,
                                             options=_options(request, lr.query))  # fmt: skip
    key, descending = session_order(lr.query.get("sortkey"))
    body, headers = page(request, found, lr, scope, key=key, descending=descending)
    body["data"] = [build(s) for s in body["data"]]
    return json_response(request, body, headers=headers)


def _getter(name: str, schema: SchemaArg) -> Handler:
    @standard_errors
    async def handler(request: web.Request) -> web.Response:
        id, q = _path_id(request), load_query(request, schema)
        options = _options(request, q)
        pool, config = request.app[DB_POOL], request.app[SS12000_CONFIG]
        if name == "calendarEvents":
            item = await service.get_event(pool, config, id=id, options=options)
        else:
            item = await service.get_item(pool, config, name=name, id=id, options=options)
        return json_response(request, item)

    handler.__doc__ = f"One SS 12000 {name} item by id."
    return handler


@standard_errors
async def deleted_entities(request: web.Request) -> web.Response:
    """Ids deleted after ``after``, per entity type, oldest deletion first."""
    scope = "sfi.ss12000.deletedEntities"
    lr = read_list(request, params.DeletedEntitiesQuery, scope)
    items = await service.list_deletions(request.app[DB_POOL], q=lr.query, access=access_of(identity_of(request)))
    body, headers = page(request, items, lr, scope, key=lambda d: (utc_key(d["at"]), d["entity"], d["id"]))
    body["data"] = grouped(body["data"], lr.query.get("entities"))
    return json_response(request, body, headers=headers)


_T = ("ss12000",)
_DOC = "Items follow the SS 12000 2.1.0 schema `{}`; see docs/sfi-schedule.md for what Lotsen fills in."
_LISTS = (  # path, query schema, standard schema, public (anonymous callers may read it)
    ("organisations", params.OrganisationsQuery, params.ItemQuery, "Organisation", True),
    ("persons", params.PersonsQuery, params.PersonQuery, "PersonExpanded", False),
    ("duties", params.DutiesQuery, params.DutyQuery, "DutyExpanded", False),
    ("groups", params.GroupsQuery, params.GroupQuery, "GroupExpanded", True),
    ("syllabuses", params.SyllabusesQuery, params.ItemQuery, "Syllabus", True),
    ("activities", params.ActivitiesQuery, params.ActivityQuery, "ActivityExpanded", True),
    ("calendarEvents", params.CalendarEventsQuery, params.CalendarEventQuery, "CalendarEvent", True),
    ("rooms", params.RoomsQuery, params.ItemQuery, "Room", True),
)
_UUID = {"id": {"type": "string", "format": "uuid"}}  # SS 12000 ids are uuids; another id is 400 in its error shape
_DEFAULT_SORT = {"syllabuses": "CourseCodeAsc"}  # else by id; calendar events by start time


def _endpoints() -> list[Endpoint]:
    out = []
    for name, list_query, item_query, standard, public in _LISTS:
        op = name[0].upper() + name[1:]
        lister = calendar_events if name == "calendarEvents" else _lister(name, list_query, _DEFAULT_SORT.get(name))
        out.append(Endpoint("GET", f"/v1/ss12000/{name}", lister,
                            f"SS 12000 {name}", f"listSs12000{op}", tags=_T, query=list_query,
                            response=Ss12000PageSchema, public=public, errors=(),
                            description=_DOC.format(standard), extra_responses=LIST_RESPONSES))  # fmt: skip
        out.append(Endpoint("GET", f"/v1/ss12000/{name}/{{id}}", _getter(name, item_query), f"One SS 12000 {name} item",
                            f"getSs12000{op}", tags=_T, query=item_query, response=Ss12000ItemSchema, public=public,
                            errors=(), description=_DOC.format(standard), extra_responses=ITEM_RESPONSES,
                            path_schemas=_UUID))  # fmt: skip
    out.append(Endpoint("GET", "/v1/ss12000/deletedEntities", deleted_entities, "SS 12000 deleted entities",
                        "listSs12000DeletedEntities", tags=_T, query=params.DeletedEntitiesQuery,
                        response=Ss12000DeletedSchema, public=True, errors=(),
                        description=_DOC.format("DeletedEntities"), extra_responses=LIST_RESPONSES))  # fmt: skip
    return out


ENDPOINTS = _endpoints()
