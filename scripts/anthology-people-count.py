#!/usr/bin/env python3
# Dev check, not part of the build: counts people the way the ACL Anthology library
# (name_variants.yaml era, acl_anthology.people.PersonIndex.build) resolves them, to compare
# with our importer. Needs Debian's python3-yaml and python3-slugify; run with /usr/bin/python3.
# Writes the authored person ids to scratch/lib-authored.txt.
import collections, glob, os, yaml
import xml.etree.ElementTree as ET
from slugify import slugify
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
D = os.path.join(ROOT, '..', 'shared', 'data', 'acl-anthology')
def slug(first,last):
    n = last if first is None else f"{first} {last}"
    return slugify(n) if n else 'none'
data={}; name_to_ids=collections.defaultdict(list)
for e in yaml.load(open(f'{D}/yaml/name_variants.yaml'), Loader=yaml.CSafeLoader if hasattr(yaml,'CSafeLoader') else yaml.SafeLoader):
    c=e['canonical']; can=(c.get('first'), c['last'])
    pid=e.get('id') or slug(*can)
    names=[can]+[(v.get('first'),v['last']) for v in e.get('variants',[])]
    data[pid]={'names':names,'items':set(),'authored':False}
    for n in names: name_to_ids[n].append(pid)
errors=0
def resolve(el):
    global errors
    first=el.find('first'); last=el.find('last')
    name=(first.text if first is not None else None, last.text if last is not None else None)
    pid=el.get('id')
    if pid is not None:
        if pid not in data: errors+=1; return None
        return pid
    ids=name_to_ids.get(name)
    if ids:
        if len(ids)>1: errors+=1; return None
        return ids[0]
    pid=slug(*name)
    if pid in data:
        name_to_ids[name].append(pid); return pid
    data[pid]={'names':[name],'items':set(),'authored':False}; name_to_ids[name].append(pid)
    return pid
for f in sorted(glob.glob(f'{D}/xml/*.xml')):
    root=ET.parse(f).getroot()
    for vol in root.iter('volume'):
        meta=vol.find('meta')
        if meta is not None:
            for ed in meta.findall('editor'): resolve(ed)
        for p in list(vol.findall('paper')):
            for a in p.findall('author'):
                pid=resolve(a)
                if pid: data[pid]['authored']=True
            for a in p.findall('editor'): resolve(a)
print('people', len(data), 'authored', sum(1 for v in data.values() if v['authored']), 'errors', errors)
with open(os.path.join(ROOT, 'scratch', 'lib-authored.txt'),'w') as out:
    for k,v in sorted(data.items()):
        if v['authored']: out.write(k+'\n')
