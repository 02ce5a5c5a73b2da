#!/usr/bin/env python3
"""A lab's own PyTorch network, trained on Perturber's renders, then opened in Perturber (see --help).

The way a lab's network comes to Perturber: trained in PyTorch on data it exported, turned into a model folder by
releng/export-model, opened like any other. This file is both the training script and the module that
releng/export-model imports (`train_small_cnn:small_cnn`), so importing it trains nothing.

    releng/perturber train --export-set /tmp/set standard                 # 12000 + 1200 renders, 96x96
    /usr/bin/python3 releng/examples/train_small_cnn.py /tmp/set --out /tmp/run
    cd releng/examples && /usr/bin/python3 ../export-model train_small_cnn:small_cnn --weights /tmp/run/ckpt.pt \\
        --labels /tmp/run/classes.txt --layers block2,block3,block4 --input-size 96 \\
        --mean 0.5,0.5,0.5 --std 0.25,0.25,0.25 --id torch-small --name "Small CNN (PyTorch)" --out ~/models/torch-small
    releng/perturber train --evaluate-model ~/models/torch-small         # Perturber's own held-out accuracy
"""

import argparse
import json
import os
import random
import sys
import time

try:
    import numpy as np
    import torch
    import torch.nn.functional as F
    from torch import nn
except ImportError as missing:
    sys.exit(f"train_small_cnn: {sys.executable} cannot import numpy or PyTorch ({missing}); run it with a Python "
             "that has them, e.g. /usr/bin/python3 (Debian: apt install python3-torch)")

PROG = "train_small_cnn"
CLASSES = 12
# The built-in models' normalisation (ModelTraining.NORMALIZATION): [0, 1] to [-2, 2]; export-model is told the same.
MEAN = 0.5
STD = 0.25


def conv_bn(cin: int, cout: int, stride: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False), nn.BatchNorm2d(cout),
                         nn.ReLU(inplace=True))


class SmallCnn(nn.Module):
    """Five 3x3 convolutions with batch norm and ReLU, global average pooling and a linear classifier; 96x96 input.

    Four of the convolutions halve the resolution (96 -> 48 -> 24 -> 12 -> 12 -> 6), so that an epoch of 12000
    samples takes about half a minute on two idle CPU cores (1.5 to 2 minutes on one thread of a busy 2-core
    machine). The blocks are named so that export-model can expose them
    (--layers block2,block3,block4); each outputs [N, C, H, W].
    """

    def __init__(self, classes: int = CLASSES):
        super().__init__()
        self.stem = conv_bn(3, 24, 2)
        self.block1 = conv_bn(24, 48, 2)
        self.block2 = conv_bn(48, 96, 2)
        self.block3 = conv_bn(96, 128, 1)
        self.block4 = conv_bn(128, 128, 2)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(128, classes)

    def forward(self, x):
        x = self.block4(self.block3(self.block2(self.block1(self.stem(x)))))
        return self.classifier(torch.flatten(self.pool(x), 1))


def small_cnn() -> nn.Module:
    """The factory releng/export-model calls (`train_small_cnn:small_cnn`)."""
    return SmallCnn()


class Part:
    """One part of an exported set (releng/perturber train --export-set): uint8 pixels N x H x W x 3 and labels."""

    def __init__(self, folder: str, descriptor: dict, name: str):
        part = descriptor["parts"].get(name)
        if part is None:
            raise SystemExit(f"{PROG}: {folder}/set.json has no part '{name}' (has: {', '.join(descriptor['parts'])})")
        side = descriptor["resolution"]
        self.count = part["count"]
        self.seed = part["seed"]
        self.images = np.fromfile(os.path.join(folder, part["images"]), dtype=np.uint8)
        self.labels = np.fromfile(os.path.join(folder, part["labels"]), dtype=np.uint8).astype(np.int64)
        if self.images.size != self.count * side * side * 3 or self.labels.size != self.count:
            raise SystemExit(f"{PROG}: {name} part of {folder}: {self.images.size} pixel bytes and {self.labels.size} "
                             f"labels for {self.count} samples of {side}x{side}; the files are incomplete")
        if self.labels.max() >= len(descriptor["classes"]):
            raise SystemExit(f"{PROG}: {name} part of {folder}: label {self.labels.max()} for "
                             f"{len(descriptor['classes'])} classes")
        self.images = self.images.reshape(self.count, side, side, 3)

    def batch(self, indices) -> tuple:
        """Normalised NCHW float32 inputs and their labels."""
        pixels = torch.from_numpy(self.images[indices]).permute(0, 3, 1, 2).float().div_(255)
        return (pixels - MEAN) / STD, torch.from_numpy(self.labels[indices])


def read_set(folder: str) -> dict:
    path = os.path.join(folder, "set.json")
    try:
        with open(path) as file:
            descriptor = json.load(file)
    except (OSError, ValueError) as error:
        raise SystemExit(f"{PROG}: cannot read {path}: {error} (write the set with releng/perturber train "
                         "--export-set DIR)")
    if descriptor.get("format") != "perturber-rendered-set":
        raise SystemExit(f"{PROG}: {path} is not a Perturber rendered set (format {descriptor.get('format')!r})")
    return descriptor


def accuracy(network: nn.Module, part: Part, batch: int = 200) -> tuple:
    """Top-1 accuracy and per-class accuracy, in eval mode."""
    network.eval()
    predictions = []
    with torch.no_grad():
        for start in range(0, part.count, batch):
            inputs, _ = part.batch(np.arange(start, min(part.count, start + batch)))
            predictions.append(network(inputs).argmax(1))
    predicted = torch.cat(predictions).numpy()
    per_class = [float((predicted[part.labels == c] == c).mean()) for c in range(CLASSES)]
    return float((predicted == part.labels).mean()), per_class


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("set", metavar="SET", help="a folder written by releng/perturber train --export-set")
    parser.add_argument("--out", required=True, metavar="DIR", help="writes ckpt.pt, classes.txt and run.json here")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--lr", type=float, default=0.003, help="AdamW's peak learning rate (one-cycle schedule)")
    parser.add_argument("--seed", type=int, default=0, help="initial weights, batch order and flips")
    parser.add_argument("--threads", type=int, default=2, help="torch's CPU threads (default 2; on a machine busy with other work 1 is faster: two threads "
                        "wait for each other)")
    args = parser.parse_args(argv)
    if args.epochs < 1 or args.batch < 1 or args.threads < 1:
        parser.error("--epochs, --batch and --threads must be positive")

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    order = np.random.default_rng(args.seed)
    descriptor = read_set(args.set)
    if len(descriptor["classes"]) != CLASSES or descriptor["resolution"] != 96:
        raise SystemExit(f"{PROG}: this example expects 12 classes at 96x96; the set has {len(descriptor['classes'])} "
                         f"at {descriptor['resolution']}")
    train, held_out = Part(args.set, descriptor, "train"), Part(args.set, descriptor, "heldout")
    print(f"{PROG}: {train.count} training samples (seed {train.seed}), {held_out.count} held-out (seed "
          f"{held_out.seed}); torch {torch.__version__}, {torch.get_num_threads()} threads", flush=True)

    network = small_cnn()
    parameters = sum(p.numel() for p in network.parameters())
    steps_per_epoch = (train.count + args.batch - 1) // args.batch
    optimiser = torch.optim.AdamW(network.parameters(), lr=args.lr, weight_decay=5e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=args.lr, epochs=args.epochs,
                                                   steps_per_epoch=steps_per_epoch, pct_start=0.2)
    started = time.monotonic()
    for epoch in range(args.epochs):
        network.train()
        permutation = order.permutation(train.count)
        loss_sum, correct, epoch_started = 0.0, 0, time.monotonic()
        for step in range(steps_per_epoch):
            indices = np.sort(permutation[step * args.batch:(step + 1) * args.batch])
            inputs, labels = train.batch(indices)
            flip = torch.from_numpy(order.random(len(indices)) < 0.5)  # mirror images: the same objects
            inputs[flip] = inputs[flip].flip(3)
            logits = network(inputs)
            loss = F.cross_entropy(logits, labels)
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            optimiser.step()
            schedule.step()
            loss_sum += loss.item() * len(indices)
            correct += int((logits.argmax(1) == labels).sum())
        held, _ = accuracy(network, held_out)
        print(f"{PROG}: epoch {epoch + 1}/{args.epochs}: loss {loss_sum / train.count:.3f}, train {100 * correct / train.count:.1f}%, "
              f"held-out {100 * held:.2f}%, {time.monotonic() - epoch_started:.0f} s", flush=True)
    seconds = time.monotonic() - started
    held, per_class = accuracy(network, held_out)

    os.makedirs(args.out, exist_ok=True)
    torch.save({"state_dict": network.state_dict(), "classes": descriptor["classes"], "epochs": args.epochs,
                "seed": args.seed}, os.path.join(args.out, "ckpt.pt"))
    with open(os.path.join(args.out, "classes.txt"), "w") as file:
        file.write("".join(f"{name}\n" for name in descriptor["classes"]))
    run = {"set": os.path.abspath(args.set), "train": {"count": train.count, "seed": train.seed},
           "heldout": {"count": held_out.count, "seed": held_out.seed, "top1": held,
                       "perClass": dict(zip(descriptor["classes"], per_class))},
           "epochs": args.epochs, "batch": args.batch, "lr": args.lr, "seed": args.seed, "threads": args.threads,
           "parameters": parameters, "seconds": round(seconds, 1), "torch": torch.__version__}
    with open(os.path.join(args.out, "run.json"), "w") as file:
        json.dump(run, file, indent=2)
    print(f"{PROG}: held-out top-1 {100 * held:.2f}% ({round(held * held_out.count)}/{held_out.count}); "
          f"{parameters} parameters; trained in {seconds / 60:.1f} min", flush=True)
    print(f"{PROG}: wrote {args.out}/ckpt.pt and classes.txt; export with (from releng/examples):\n"
          f"  /usr/bin/python3 ../export-model train_small_cnn:small_cnn --weights {os.path.abspath(args.out)}/ckpt.pt "
          f"--labels {os.path.abspath(args.out)}/classes.txt --layers block2,block3,block4 --input-size 96 "
          f"--mean 0.5,0.5,0.5 --std 0.25,0.25,0.25 --id torch-small --out DIR")
    return 0


if __name__ == "__main__":
    sys.exit(main())
