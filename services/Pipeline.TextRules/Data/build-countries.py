#!/usr/bin/env python3
"""Regenerates countries.tsv from the npm package i18n-iso-countries (MIT).

    npm pack i18n-iso-countries && mkdir pkg && tar xzf i18n-iso-countries-*.tgz -C pkg
    python3 build-countries.py pkg/package/langs > countries.tsv
"""
import json
import sys

langs = sys.argv[1]
en = json.load(open(f"{langs}/en.json", encoding="utf-8"))["countries"]
it = json.load(open(f"{langs}/it.json", encoding="utf-8"))["countries"]


def as_list(value):
    return value if isinstance(value, list) else [value]


print("# code\tenglish_name\tnames (English and Italian, | separated)")
for code in sorted(en):
    names = []
    for name in as_list(en[code]) + as_list(it.get(code, [])):
        if name not in names:
            names.append(name)
    print(f"{code}\t{as_list(en[code])[0]}\t{'|'.join(names)}")
