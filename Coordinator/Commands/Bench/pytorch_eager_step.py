# PyTorch eager timing of the training step that `adaftr bench model` times: the module of
# docs/tensor-names.md, forward + adaftr_loss + backward + Adam, on random batches drawn like
# AdaFtr.Model.Interop.RandomBatches. Prints one JSON object on stdout.
# usage: pytorch_eager_step.py MODULE.py CONFIG.json [--threads N] [--seconds S] [--round-seconds R]
#                              [--device cpu|cuda:N] [--embedding-adam sparse|dense]
import argparse, json, statistics, sys, time
import torch

parser = argparse.ArgumentParser()
parser.add_argument("module", help="the python block of docs/tensor-names.md, as a file")
parser.add_argument("config", help="model config JSON (snake_case, as ModelConfigJson writes it)")
parser.add_argument("--threads", type=int, default=None, help="torch.set_num_threads; default: torch's own choice")
parser.add_argument("--seconds", type=float, default=10.0, help="how long to measure after the warm-up; at least 3 rounds")
parser.add_argument("--round-seconds", type=float, default=1.0)
parser.add_argument("--device", default="cpu", help="cpu or cuda:N")
parser.add_argument("--embedding-adam", choices=["sparse", "dense"], default="sparse",
                    help="sparse: sparse embedding gradient + torch.optim.SparseAdam (touched rows only, like our lazy rows); "
                         "dense: dense gradient of the whole table + torch.optim.Adam over every row")
args = parser.parse_args()

exec(open(args.module).read())  # defines AdaFtr, adaftr_loss, F, ...

if args.threads is not None:
    torch.set_num_threads(args.threads)
device = torch.device(args.device)
cfg = json.load(open(args.config))
training, opt = cfg.get("training", {}), cfg.get("optimizer", {})
batch_size, micro_batches = training.get("batch_size", 1024), training.get("micro_batches", 1)
torch.manual_seed(training.get("seed", 42))
model = AdaFtr(cfg).to(device)
model.train()

if args.embedding_adam == "sparse":
    # The documented forward, with a sparse gradient: SparseAdam needs one, and a dense [rows, E]
    # gradient would zero and sweep the whole table every step, which our lazy rows never do.
    def sparse_forward(self, sparse):
        return F.embedding(torch.remainder(sparse, self.moduli) + self.offsets, self.weight, sparse=True)
    FeatureEmbedding.forward = sparse_forward

adam = dict(lr=opt.get("learning_rate", 5e-4), betas=(opt.get("beta1", 0.9), opt.get("beta2", 0.999)), eps=opt.get("epsilon", 1e-8))
dense_params = [p for n, p in model.named_parameters() if n != "features.weight"]
optimizers = [torch.optim.Adam(dense_params, weight_decay=opt.get("weight_decay", 0.0), **adam)]
optimizers.append(torch.optim.SparseAdam([model.features.weight], **adam) if args.embedding_adam == "sparse"
                  else torch.optim.Adam([model.features.weight], **adam))  # embedding L2 is the objective's reg, as ours


def random_batch(seed):  # as RandomBatches.Create: ids inside each vocabulary, clicks at 50 %, later tasks only on clicks
    g = torch.Generator().manual_seed(seed)
    fields, schema = cfg["schema"]["sparse_fields"], cfg["schema"]
    limits = torch.tensor([2**31 - 1 if f.get("hashed") else f["vocabulary_size"] for f in fields], dtype=torch.float64)
    sparse = torch.minimum((torch.rand(batch_size, len(fields), generator=g, dtype=torch.float64) * limits).floor().long(),
                           limits.long() - 1)                                                         # [B, F]
    dense = torch.rand(batch_size, len(schema["dense_fields"]), generator=g)                         # [B, D]
    click = (torch.rand(batch_size, generator=g) < 0.5).float()                                       # [B]
    labels = [click] + [click * (torch.rand(batch_size, generator=g) < 0.5).float() for _ in schema["tasks"][1:]]
    return sparse.to(device), dense.to(device), torch.stack(labels, 1).to(device)                     # labels [B, T]


def step(batch):
    for o in optimizers:
        o.zero_grad(set_to_none=True)
    # K micro-batches, each with its own in-batch contrastive loss, gradients averaged (as LocalTrainer)
    for sparse, dense, labels in zip(*(t.tensor_split(micro_batches) for t in batch)):
        out = model(sparse, dense)
        out["log_tau"] = getattr(model, "log_tau", None)
        (adaftr_loss(cfg, out, labels)["total"] / micro_batches).backward()
    for o in optimizers:
        o.step()


def sync():
    if device.type == "cuda":
        torch.cuda.synchronize(device)


batches = [random_batch(i) for i in range(4)]
for i in range(3):
    step(batches[i])
sync()
rates, steps, start = [], 0, time.perf_counter()
while time.perf_counter() - start < args.seconds or len(rates) < 3:
    round_start, round_steps = time.perf_counter(), 0
    while time.perf_counter() - round_start < args.round_seconds:
        step(batches[steps % len(batches)])
        steps += 1
        round_steps += 1
    sync()  # the round's queued GPU work ends before its clock is read
    rates.append(round_steps * batch_size / (time.perf_counter() - round_start))

json.dump({
    "samples_per_s": statistics.median(rates),
    "batch_size": batch_size,
    "steps": steps,
    "rounds": len(rates),
    "threads": torch.get_num_threads(),
    "device": str(device),
    "embedding_adam": args.embedding_adam,
    "torch_version": torch.__version__,
}, sys.stdout)
print()
