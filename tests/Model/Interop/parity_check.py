# Compares `adaftr model step` output with the PyTorch module of docs/tensor-names.md.
# usage: parity_check.py MODULE.py CONFIG.json WEIGHTS.safetensors STEP.safetensors
import sys, torch
exec(open(sys.argv[1]).read())
cfg, model = load(sys.argv[2], sys.argv[3])
dump = load_safetensors(sys.argv[4])
out = model(dump["batch.sparse"], dump["batch.dense"])
out["log_tau"] = getattr(model, "log_tau", None)
loss = adaftr_loss(cfg, out, dump["batch.labels"])
loss["total"].backward()
worst = 0.0
def check(name, mine):
    global worst
    ref = dump[name]
    err = (mine.detach().float() - ref).abs().max().item() / (ref.abs().max().item() + 1e-3)
    worst = max(worst, err)
    if err > 2e-4: print(f"MISMATCH {name}: rel err {err:.3g}")
tasks = cfg["schema"]["tasks"]
for t, n in enumerate(tasks):
    check(f"logit.{n}", out["logits"][t]); check(f"v.{n}", out["v"][t]); check(f"h.{n}", out["h"][t]); check(f"loss.{n}", loss[n])
for p in range(len(tasks) - 1):
    sfx = "" if p == 0 else "." + tasks[p + 1]
    check("rel.prob" + sfx, loss["rel_prob"][p]); check("tau" + sfx, loss["tau"][p])
for k in ["total", "rel", "cl", "reg", "pairwise"]: check("loss." + k, torch.as_tensor(loss[k]))
for name, p in model.named_parameters():
    check("grad." + name, p.grad if p.grad is not None else torch.zeros_like(p))
print(f"parity: {len(dump)} tensors, worst relative error {worst:.3g}")
sys.exit(1 if worst > 2e-4 else 0)
