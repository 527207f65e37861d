"""Independent PyTorch check of the attention plateau described in docs/pretraining.md.

The generator architecture of the tiny preset (embedding 64 -> projection -> 2 post-LayerNorm layers
of hidden 32, 1 head, FFN 128, MLM head tied to the token embeddings), truncated-normal-like init
std STD for the encoder weights and 0.02 for the embeddings, AdamW (eps 1e-6, weight decay 0.01),
linear warm-up over 30 steps. Task: every token appears twice in a row; 15 % of positions are
replaced by [MASK] and must be predicted, which only attention to the twin can do.

Run (Debian: apt-get install python3-torch; not needed by the build or CI):
    /usr/bin/python3 docs/reference/attention_plateau.py LR STEPS STD
Measured 2026-11-29: LR 1e-3/3e-3/1e-2, STD 0.02: loss stays at ln(295) = 5.69 for 1,000 steps;
LR 1e-3, STD 0.1: still at chance after 600 steps; STD 0.2: breaks through at step ~400
(accuracy 0.47 at 500, 0.72 at 600).
"""
import torch, math, sys
torch.manual_seed(0)
STD = float(sys.argv[3]) if len(sys.argv) > 3 else 0.02
V, L, B, E, H, FF, layers = 300, 32, 32, 64, 32, 128, 2
lr = float(sys.argv[1]) if len(sys.argv) > 1 else 1e-3
class Layer(torch.nn.Module):
    def __init__(s):
        super().__init__()
        s.q, s.k, s.v, s.o = [torch.nn.Linear(H, H) for _ in range(4)]
        s.ln1 = torch.nn.LayerNorm(H, eps=1e-12); s.ln2 = torch.nn.LayerNorm(H, eps=1e-12)
        s.f1 = torch.nn.Linear(H, FF); s.f2 = torch.nn.Linear(FF, H)
        for m in [s.q, s.k, s.v, s.o, s.f1, s.f2]: torch.nn.init.normal_(m.weight, std=STD); torch.nn.init.zeros_(m.bias)
    def forward(s, x):
        a = torch.softmax(s.q(x) @ s.k(x).transpose(1, 2) / math.sqrt(H), -1) @ s.v(x)
        x = s.ln1(x + s.o(a))
        return s.ln2(x + s.f2(torch.nn.functional.gelu(s.f1(x))))
class Gen(torch.nn.Module):
    def __init__(s):
        super().__init__()
        s.tok = torch.nn.Embedding(V, E); s.pos = torch.nn.Embedding(512, E); s.typ = torch.nn.Embedding(2, E)
        for e in [s.tok, s.pos, s.typ]: torch.nn.init.normal_(e.weight, std=0.02)
        s.eln = torch.nn.LayerNorm(E, eps=1e-12); s.proj = torch.nn.Linear(E, H)
        s.layers = torch.nn.ModuleList([Layer() for _ in range(layers)])
        s.hd = torch.nn.Linear(H, E); s.hln = torch.nn.LayerNorm(E, eps=1e-12); s.bias = torch.nn.Parameter(torch.zeros(V))
    def forward(s, ids):
        x = s.proj(s.eln(s.tok(ids) + s.pos.weight[:ids.shape[1]] + s.typ.weight[0]))
        for l in s.layers: x = l(x)
        return s.hln(torch.nn.functional.gelu(s.hd(x))) @ s.tok.weight.T + s.bias
g = Gen()
opt = torch.optim.AdamW(g.parameters(), lr=lr, betas=(0.9, 0.999), eps=1e-6, weight_decay=0.01)
for step in range(1, int(sys.argv[2]) + 1 if len(sys.argv) > 2 else 301):
    for pg in opt.param_groups: pg['lr'] = lr * min(1, step / 30)
    toks = torch.randint(5, V, (B, L // 2 + 1))
    ids = toks.repeat_interleave(2, 1)[:, :L].clone(); ids[:, 0] = 1
    m = torch.rand(B, L) < 0.15; m[:, 0] = False
    inp = ids.clone(); inp[m] = 3
    logits = g(inp)
    loss = torch.nn.functional.cross_entropy(logits[m], ids[m])
    opt.zero_grad(); loss.backward(); opt.step()
    if step % 100 == 0:
        print(f"REF step {step} loss {loss.item():.4f} acc {(logits[m].argmax(-1) == ids[m]).float().mean().item():.4f}", flush=True)
