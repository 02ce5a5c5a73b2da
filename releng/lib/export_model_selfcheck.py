#!/usr/bin/env python3
"""Checks the network.pt contract of releng/export-model on torchvision's resnet18 (random weights, BatchNorm).

  /usr/bin/python3 releng/lib/export_model_selfcheck.py

On the reloaded file: gradients() works in no-grad mode and leaves it so; its input gradient (float32) matches
central finite differences of the same file converted to float64, for the logit and the loss objective; its layer
gradients match closed forms (d logit_c / d avgpool = fc.weight[c], d logit_c / d layer4 = fc.weight[c] / (H*W));
sample 0's gradient is the same alone and in a batch of 2. objective_gradients() (feature visualization) likewise:
its input gradient matches central finite differences for a layer4 channel's mean, a layer4 centre neuron and a
direction in the logits, and each sample of a batch gets the gradient of its own row of weights. Exits 1 if anything
is off.
"""

import importlib.machinery
import importlib.util
import json
import os
import sys
import tempfile
import warnings

import torch

SIZE = 112
EPS = 1e-4  # float64 central differences: truncation ~EPS^2, rounding ~1e-16/EPS, both far below the tolerance
TOLERANCE = 1e-4  # relative to the largest input-gradient entry; float32 gradients carry ~1e-6 relative error


def load_exporter():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "export-model")
    loader = importlib.machinery.SourceFileLoader("export_model", path)
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    sys.modules[loader.name] = module
    loader.exec_module(module)
    return module


def main() -> int:
    warnings.simplefilter("ignore")
    exporter = load_exporter()
    failures = []

    def check(what: str, error: float, tolerance: float) -> None:
        print(f"{'ok  ' if error <= tolerance else 'FAIL'} {what}: {error:.3g} (tolerance {tolerance:.3g})")
        if error > tolerance:
            failures.append(what)

    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, "resnet18")
        built = exporter.build_torchvision("resnet18", "none", 0, None)
        exporter.export(built.network, out, info={"id": "resnet18", "name": "check", "architecture": "resnet18",
                                                  "variant": "standard", "description": "", "exporter": {}},
                        layers=["layer4", "avgpool"], formats=["torchscript"], input_size=SIZE, log=lambda _: None)
        with open(os.path.join(out, "reference", "reference.json")) as file:
            reference = json.load(file)
        image = torch.from_file(os.path.join(out, "reference", "input.f32"), size=SIZE * SIZE * 3).view(SIZE, SIZE, 3)
        x = exporter.normalise(image, exporter.IMAGENET_MEAN, exporter.IMAGENET_STD)
        target = reference["gradient"]["class"]
        module = torch.jit.load(os.path.join(out, "network.pt")).eval()
        module64 = torch.jit.load(os.path.join(out, "network.pt")).eval().double()

    classes = torch.tensor([target])
    with torch.no_grad():
        logit_grads = module.gradients(x, classes, torch.tensor([0.0]))
        loss_grads = module.gradients(x, classes, torch.tensor([1.0]))
        print(f"{'ok  ' if not torch.is_grad_enabled() else 'FAIL'} no-grad mode unchanged after gradients()")
        if torch.is_grad_enabled():
            failures.append("grad mode")
        print(f"gradients() returned {[list(t.shape) for t in logit_grads]}")

        # (b) central finite differences of the float64 copy at a few seeded input coordinates
        x64 = x.double()
        generator = torch.Generator().manual_seed(1)
        coordinates = [tuple(int(torch.randint(n, (1,), generator=generator)) for n in (3, SIZE, SIZE))
                       for _ in range(8)]

        def objective(z, loss: bool) -> float:
            logits = module64(z)[0]
            return float(-torch.log_softmax(logits, 1)[0, target] if loss else logits[0, target])

        for loss, grads in ((False, logit_grads), (True, loss_grads)):
            name = "-log_softmax" if loss else "logit"
            scale = float(grads[3].abs().max())
            worst = 0.0
            for c, h, w in coordinates:
                step = torch.zeros_like(x64)
                step[0, c, h, w] = EPS
                difference = (objective(x64 + step, loss) - objective(x64 - step, loss)) / (2 * EPS)
                analytic = float(grads[3][0, c, h, w])
                print(f"     d {name}[{target}] / d x[{c},{h},{w}]: gradients() {analytic:+.6e}, "
                      f"finite difference {difference:+.6e}")
                worst = max(worst, abs(difference - analytic) / scale)
            check(f"{name}: finite differences vs gradients(), max error / max |gradient| ({scale:.3g})", worst,
                  TOLERANCE)

        # closed forms of the layer gradients: logits = fc(flatten(avgpool(layer4)))
        weights = dict(module.named_parameters())["network.network.fc.weight"][target]
        check("d logit / d avgpool vs fc.weight[class]",
              float((logit_grads[5][0].flatten() - weights).abs().max() / weights.abs().max()), 1e-6)
        layer4 = logit_grads[4][0]
        expected = (weights / (layer4.shape[1] * layer4.shape[2])).view(-1, 1, 1).expand_as(layer4)
        check("d logit / d layer4 vs fc.weight[class] / (H*W)",
              float((layer4 - expected).abs().max() / expected.abs().max()), 1e-6)

        # (c) a batch of 2 gives sample 0 the same gradient as a batch of 1
        pair = module.gradients(torch.cat([x, x.flip(2)]), torch.tensor([target, 0]), torch.tensor([0.0]))
        for index, name in ((0, "logits"), (3, "input gradient"), (4, "layer4 gradient")):
            check(f"batch of 2 vs batch of 1, {name}, max difference / max |value|",
                  float((pair[index][0] - logit_grads[index][0]).abs().max() / logit_grads[index].abs().max()), 1e-5)

        check_objectives(module, module64, x, check)

    print("all checks passed" if not failures else f"{len(failures)} check(s) failed")
    return 1 if failures else 0


def check_objectives(module, module64, x: torch.Tensor, check) -> None:
    """objective_gradients(x, layer, weights, centre): outputs are (logits, layer4, avgpool), so layer 1 is layer4."""
    generator = torch.Generator().manual_seed(2)
    coordinates = [tuple(int(torch.randint(n, (1,), generator=generator)) for n in (3, SIZE, SIZE))
                   for _ in range(6)]
    channels = 512
    direction = torch.zeros(1, 1000)
    direction[0, 3], direction[0, 9] = 1.0, -0.5
    cases = [("layer4 channel 7, mean", 1, torch.eye(channels)[7:8], False),
             ("layer4 channel 11, centre", 1, torch.eye(channels)[11:12], True),
             ("logits 3 - 0.5 logits 9", 0, direction, False)]
    x64 = x.double()

    def value(z, layer: int, weights: torch.Tensor, centre: bool) -> float:
        output = module64(z)[layer]
        if output.dim() == 4:
            h, w = output.shape[2], output.shape[3]
            output = output[:, :, h // 2, w // 2] if centre else output.mean(dim=(2, 3))
        return float((output * weights.double()).sum())

    for name, layer, weights, centre in cases:
        got = module.objective_gradients(x, torch.tensor([layer]), weights, torch.tensor([float(centre)]))[3]
        scale = float(got.abs().max())
        if scale == 0:
            check(f"objective {name}: the gradient is zero, nothing to compare", 1.0, 0.0)
            continue
        # the centre neuron sees a part of the image only: its steepest coordinate is checked too
        steepest = tuple(int(i) for i in (got[0].abs() == got[0].abs().max()).nonzero()[0]) if centre else None
        worst = 0.0
        for c, h, w in coordinates + ([steepest] if steepest else []):
            step = torch.zeros_like(x64)
            step[0, c, h, w] = EPS
            difference = (value(x64 + step, layer, weights, centre) - value(x64 - step, layer, weights, centre)) / (
                2 * EPS)
            worst = max(worst, abs(difference - float(got[0, c, h, w])) / scale)
        check(f"objective {name}: finite differences vs objective_gradients(), max error / max |gradient| "
              f"({scale:.3g})", worst, TOLERANCE)

    # each sample of a batch: its own row, the same gradient as alone
    pair = torch.cat([x, x])
    rows = torch.eye(channels)[[7, 11]]
    both = module.objective_gradients(pair, torch.tensor([1]), rows, torch.tensor([0.0]))[3]
    for index in (0, 1):
        alone = module.objective_gradients(x, torch.tensor([1]), rows[index:index + 1], torch.tensor([0.0]))[3][0]
        check(f"objective, batch of 2 with per-sample rows vs alone, sample {index}, max difference / max |value|",
              float((both[index] - alone).abs().max() / alone.abs().max()), 1e-5)
    check("the same image with two rows gets two gradients (1 - relative difference)",
          1 - min(1.0, float((both[0] - both[1]).abs().max() / both[0].abs().max())), 0.9)


if __name__ == "__main__":
    sys.exit(main())
