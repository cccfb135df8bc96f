// Expand iCalendar feeds the way two JavaScript clients do: Mozilla's ical.js (Thunderbird and many web
// calendars) and node-ical (rrule-temporal with the IANA zone of the TZID).
//
// stdin: {"from": ISO, "to": ISO, "feeds": {name: icsText}, "zones": {name: {"ics": text, "local": [wall]}}}
// stdout: {"icaljs": {name: [session]}, "nodeical": {name: [session]}, "zones": {name: [ISO]}}
// (wall: "YYYY-MM-DDTHH:MM:SS" in the zone)
// A session is {"uid", "start", "end", "status"} with start and end as UTC instants (ISO, "Z"); the caller
// turns them into Stockholm wall time itself, so a wrong VTIMEZONE shows as a wrong hour.
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import nodeIcal from 'node-ical';

const input = JSON.parse(readFileSync(0, 'utf8'));
const from = new Date(input.from);
const to = new Date(input.to);

function iso(time) {
  return time.toJSDate().toISOString().replace('.000Z', 'Z');
}

function session(uid, start, end, status) {
  return { uid, start, end, status: (status || 'CONFIRMED').toUpperCase() };
}

// ical.js relates every RECURRENCE-ID sibling to a master unless told which (new ICAL.Event(vevent) with no
// options): in a calendar of several series, one series' override would replace another's session at the same
// local time. Clients that show more than one series relate them by UID (RFC 5545 3.8.4.4), as here.
function withIcalJs(text) {
  const root = new ICAL.Component(ICAL.parse(text));
  const byUid = new Map();
  for (const vevent of root.getAllSubcomponents('vevent')) {
    const uid = vevent.getFirstPropertyValue('uid');
    if (!byUid.has(uid)) byUid.set(uid, { masters: [], exceptions: [] });
    byUid.get(uid)[vevent.hasProperty('recurrence-id') ? 'exceptions' : 'masters'].push(vevent);
  }
  const masters = new Map();
  for (const [uid, { masters: [master], exceptions }] of byUid) {
    masters.set(uid, new ICAL.Event(master, { exceptions, strictExceptions: true }));
  }
  const out = [];
  const horizon = ICAL.Time.fromJSDate(new Date(to.getTime() + 40 * 86400e3), true);
  for (const event of masters.values()) {
    if (!event.isRecurring()) {
      out.push(session(event.uid, iso(event.startDate), iso(event.endDate), event.component.getFirstPropertyValue('status')));
      continue;
    }
    const iterator = event.iterator();
    for (let next = iterator.next(); next && next.compare(horizon) <= 0; next = iterator.next()) {
      const details = event.getOccurrenceDetails(next);
      const status = details.item.component.getFirstPropertyValue('status');
      out.push(session(event.uid, iso(details.startDate), iso(details.endDate), status));
    }
  }
  return out.filter((s) => new Date(s.start) >= from && new Date(s.start) <= to);
}

function withNodeIcal(text) {
  const out = [];
  for (const item of Object.values(nodeIcal.sync.parseICS(text))) {
    if (item.type !== 'VEVENT') continue;
    for (const instance of nodeIcal.expandRecurringEvent(item, { from, to })) {
      out.push(session(item.uid, instance.start.toISOString().replace('.000Z', 'Z'),
        instance.end.toISOString().replace('.000Z', 'Z'), instance.event.status));
    }
  }
  return out;
}

// ical.js reading a VTIMEZONE the way it reads a DTSTART with that TZID: the UTC instant of each local time.
// (Not UTC to local: convertToZone looks the offset up with the UTC reading, an hour off next to a change.)
function instants({ ics, local }) {
  const root = new ICAL.Component(ICAL.parse(ics));
  const zone = new ICAL.Timezone(root.getFirstSubcomponent('vtimezone'));
  return local.map((wall) => {
    const [year, month, day, hour, minute, second] = wall.split(/[-T:]/).map(Number);
    return iso(new ICAL.Time({ year, month, day, hour, minute, second }, zone));
  });
}

const result = { icaljs: {}, nodeical: {}, zones: {} };
for (const [name, text] of Object.entries(input.feeds || {})) {
  result.icaljs[name] = withIcalJs(text);
  result.nodeical[name] = withNodeIcal(text);
}
for (const [name, zone] of Object.entries(input.zones || {})) result.zones[name] = instants(zone);
process.stdout.write(JSON.stringify(result));
