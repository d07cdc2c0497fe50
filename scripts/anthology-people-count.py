#!/usr/bin/env python3
# Dev check, not part of the build: counts people the way the ACL Anthology library
# (name_variants.yaml era, acl_anthology.people.PersonIndex.build) resolves them, to compare
# with our importer. Needs Debian's python3-yaml and python3-slugify; run with /usr/bin/python3.
# Writes the authored person ids to scratch/lib-authored.txt.
#
# Rules (default): explicit id -> that yaml person; else the exact name (first, last) among
# the yaml names (one id -> it, several -> ambiguous); else the slug of "first last", the same
# slug being the same person. Names compare like the library's Name: a first name of '' (yaml)
# equals a missing one (<first/> in the XML). This gives what the importer gives: 98,291.
#
# --register-explicit: also (1) a name used with an explicit id becomes a name of that person
# in the name index, so later uses of the name without id resolve to that person, or are
# ambiguous; and (2) an error aborts the rest of its volume, as the try/except around each
# volume in PersonIndex.build does (the error is logged, the build goes on). On this corpus
# that makes "Chen Liu" at D19.xml:10898 ambiguous (chen-liu, and chen-cecilia-liu, who used
# that name with an explicit id earlier), drops the rest of volume D19-55 (13 people who
# author nothing else), and moves the bare "Robert Mercer" of 2024.naacl to robert-e-mercer:
# 98,277, one short of the 98,278.
import collections, glob, os, sys, yaml
import xml.etree.ElementTree as ET
from slugify import slugify

REGISTER_EXPLICIT = '--register-explicit' in sys.argv
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
D = os.path.join(ROOT, '..', 'shared', 'data', 'acl-anthology')


def name_of(first, last):
    # The library's Name: first name '' and None are equal.
    return (first if first else None, last)


def slug(name):
    first, last = name
    n = last if not first else f"{first} {last}"
    return slugify(n) if n else 'none'


data = {}
name_to_ids = collections.defaultdict(list)
for e in yaml.load(open(f'{D}/yaml/name_variants.yaml'), Loader=getattr(yaml, 'CSafeLoader', yaml.SafeLoader)):
    c = e['canonical']
    can = name_of(c.get('first'), c['last'])
    pid = e.get('id') or slug(can)
    names = [can] + [name_of(v.get('first'), v['last']) for v in e.get('variants', [])]
    data[pid] = {'authored': False}
    for n in names:
        if pid not in name_to_ids[n]:
            name_to_ids[n].append(pid)


class ResolutionError(Exception):
    pass


def resolve(el):
    first = el.find('first')
    last = el.find('last')
    name = name_of(first.text if first is not None else None, last.text if last is not None else None)
    pid = el.get('id')
    if pid is not None:
        if pid not in data:
            raise ResolutionError(f'id {pid} undefined')
        if REGISTER_EXPLICIT and pid not in name_to_ids[name]:
            name_to_ids[name].append(pid)
        return pid
    ids = name_to_ids.get(name)
    if ids:
        if len(ids) > 1:
            raise ResolutionError(f'{name} is ambiguous: {ids}')
        return ids[0]
    pid = slug(name)
    if pid not in data:
        data[pid] = {'authored': False}
    name_to_ids[name].append(pid)
    return pid


errors = []
def resolve_logged(element, where):
    """resolve(), an error logged; with --register-explicit it also ends the volume."""
    try:
        return resolve(element)
    except ResolutionError as exc:
        errors.append(f'{where}: {exc}')
        if REGISTER_EXPLICIT:
            raise
        return None


for f in sorted(glob.glob(f'{D}/xml/*.xml')):
    root = ET.parse(f).getroot()
    for vol in root.iter('volume'):
        try:
            meta = vol.find('meta')
            if meta is not None:
                for ed in meta.findall('editor'):
                    resolve_logged(ed, f'{os.path.basename(f)} volume {vol.get("id")}')
            for p in vol.findall('paper'):
                where = f'{os.path.basename(f)} paper {vol.get("id")}.{p.get("id")}'
                for a in p.findall('author'):
                    person = resolve_logged(a, where)
                    if person is not None:
                        data[person]['authored'] = True
                for a in p.findall('editor'):
                    resolve_logged(a, where)
        except ResolutionError:
            pass  # the rest of the volume is skipped

print('people', len(data), 'authored', sum(1 for v in data.values() if v['authored']), 'errors', len(errors))
for e in errors:
    print('  ', e)
os.makedirs(os.path.join(ROOT, 'scratch'), exist_ok=True)
with open(os.path.join(ROOT, 'scratch', 'lib-authored.txt'), 'w') as out:
    for k, v in sorted(data.items()):
        if v['authored']:
            out.write(k + '\n')
