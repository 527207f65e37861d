"""Independent re-implementation of the official SQuAD scoring rules (v1.1 and v2.0), stdlib only.

Test oracle for io.tmr.bench.score: SquadOfficialCrossCheckTest runs it on generated predictions
and compares every key with the Java scorer. Written from the published rules, not copied.

usage: squad_rules_reference.py VERSION DATA.json PREDS.json [NA_PROBS.json|-] [THRESHOLD]
prints one JSON object with the keys the official script prints.
"""
import collections
import json
import re
import string
import sys

PUNCT = frozenset(string.punctuation)
ARTICLE = re.compile(r'\b(a|an|the)\b', re.UNICODE)


def norm(text):
    text = text.lower()
    text = ''.join(c for c in text if c not in PUNCT)
    text = ARTICLE.sub(' ', text)
    return ' '.join(text.split())


def overlap(pred_tokens, gold_tokens):
    shared = collections.Counter(pred_tokens) & collections.Counter(gold_tokens)
    return sum(shared.values())


def f1_v1(pred, gold):
    p, g = norm(pred).split(), norm(gold).split()
    same = overlap(p, g)
    if same == 0:
        return 0
    precision, recall = 1.0 * same / len(p), 1.0 * same / len(g)
    return (2 * precision * recall) / (precision + recall)


def f1_v2(pred, gold):
    p = norm(pred).split() if pred else []
    g = norm(gold).split() if gold else []
    if not p or not g:
        return int(p == g)
    same = overlap(p, g)
    if same == 0:
        return 0
    precision, recall = 1.0 * same / len(p), 1.0 * same / len(g)
    return (2 * precision * recall) / (precision + recall)


def questions(data):
    for article in data:
        for paragraph in article['paragraphs']:
            for qa in paragraph['qas']:
                yield qa


def score_v1(data, preds):
    em_total = f1_total = 0
    count = 0
    for qa in questions(data):
        count += 1
        if qa['id'] not in preds:
            continue
        golds = [a['text'] for a in qa['answers']]
        pred = preds[qa['id']]
        em_total += max(norm(pred) == norm(g) for g in golds)
        f1_total += max(f1_v1(pred, g) for g in golds)
    return {'exact_match': 100.0 * em_total / count, 'f1': 100.0 * f1_total / count}


def score_v2(data, preds, na_probs, threshold):
    has_ans = collections.OrderedDict()
    for qa in questions(data):
        has_ans[qa['id']] = bool(qa['answers'])
    raw_em, raw_f1 = collections.OrderedDict(), collections.OrderedDict()
    for qa in questions(data):
        golds = [a['text'] for a in qa['answers'] if norm(a['text'])] or ['']
        if qa['id'] not in preds:
            continue
        pred = preds[qa['id']]
        raw_em[qa['id']] = max(int(norm(g) == norm(pred)) for g in golds)
        raw_f1[qa['id']] = max(f1_v2(pred, g) for g in golds)
    probs = na_probs if na_probs is not None else {k: 0.0 for k in preds}

    def thresholded(raw):
        return collections.OrderedDict(
            (q, float(not has_ans[q]) if probs[q] > threshold else s) for q, s in raw.items())

    em, f1 = thresholded(raw_em), thresholded(raw_f1)
    out = collections.OrderedDict()

    def add(prefix, ids):
        out[prefix + 'exact'] = 100.0 * sum(em[q] for q in ids) / len(ids)
        out[prefix + 'f1'] = 100.0 * sum(f1[q] for q in ids) / len(ids)
        out[prefix + 'total'] = len(ids)

    add('', list(em))
    with_answer = [q for q, h in has_ans.items() if h]
    without = [q for q, h in has_ans.items() if not h]
    if with_answer:
        add('HasAns_', with_answer)
    if without:
        add('NoAns_', without)
    if na_probs is not None:
        for name, raw in (('exact', raw_em), ('f1', raw_f1)):
            current = best = sum(1 for h in has_ans.values() if not h)
            best_t = 0.0
            for q in sorted(na_probs, key=lambda k: na_probs[k]):
                if q not in raw:
                    continue
                current += raw[q] if has_ans[q] else (-1 if preds[q] else 0)
                if current > best:
                    best, best_t = current, na_probs[q]
            out['best_' + name] = 100.0 * best / len(raw)
            out['best_' + name + '_thresh'] = best_t
    return out


def main(argv):
    version, data_file, pred_file = argv[1:4]
    with open(data_file, encoding='utf-8') as f:
        data = json.load(f)['data']
    with open(pred_file, encoding='utf-8') as f:
        preds = json.load(f)
    if version == '1.1':
        result = score_v1(data, preds)
    else:
        na_probs = None
        if len(argv) > 4 and argv[4] != '-':
            with open(argv[4], encoding='utf-8') as f:
                na_probs = json.load(f)
        threshold = float(argv[5]) if len(argv) > 5 else 1.0
        result = score_v2(data, preds, na_probs, threshold)
    print(json.dumps(result))


if __name__ == '__main__':
    main(sys.argv)
