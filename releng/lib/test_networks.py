#!/usr/bin/env python3
"""Writes model folders, valid and broken, for the model backends' tests and benchmarks:

  python3 test_networks.py KIND DIR

A tiny seeded CNN (32x32 RGB, 10 classes, layer 'features') goes through releng/export-model's export(); the broken
kinds then break one thing. Only the valid kinds keep reference/. KINDs:
  good                 TorchScript folder
  good-onnx            the same as ONNX
  good-no-objectives   good, written as exports from before feature visualization were: without
                       objective_gradients()
  dict-output          network.pt's forward returns a dict instead of a tuple
  wrong-classes        the network gives 7 logits, labels.txt has 10 lines
  fixed-size           the network runs only at 32x32, model.json says 48x48
  onnx-unsupported-op  network.onnx uses Frobnicate from the domain org.perturber.test, which no runtime has
  truncated-pt         good, network.pt cut to its first third
  truncated-onnx       good-onnx, network.onnx cut to its first third
  random-pt            good, network.pt replaced by 4096 seeded random bytes
  random-onnx          good-onnx, network.onnx replaced by 4096 seeded random bytes
"""

import importlib.machinery
import importlib.util
import json
import os
import random
import shutil
import sys
import tempfile
import warnings
from typing import Dict, Optional

import torch
from torch import Tensor, nn

SIZE = 32
SEED = 0


def find_exporter() -> str:
    """releng/export-model of the checkout holding this file, searched upwards so that the file may move."""
    folder = os.path.dirname(os.path.abspath(__file__))
    while not os.path.isfile(os.path.join(folder, "releng", "export-model")):
        if os.path.dirname(folder) == folder:
            sys.exit(f"test_networks.py: no releng/export-model in a folder above {__file__}")
        folder = os.path.dirname(folder)
    return os.path.join(folder, "releng", "export-model")


def load_exporter():
    loader = importlib.machinery.SourceFileLoader("export_model", find_exporter())
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    sys.modules[loader.name] = module  # TorchScript looks classes up by module name
    loader.exec_module(module)
    return module


EXPORT_MODEL = load_exporter()


class TinyCNN(nn.Module):
    """conv-bn-relu-pool, then a linear classifier; `fixed` flattens 8x8 maps without pooling: 32x32 input only."""

    def __init__(self, classes: int = 10, fixed: bool = False):
        super().__init__()
        torch.manual_seed(SEED)
        self.features = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(4))
        self.pool = nn.Identity() if fixed else nn.AdaptiveAvgPool2d(4)
        self.classifier = nn.Linear(8 * (8 * 8 if fixed else 4 * 4), classes)
        batch_norm = self.features[1]  # running statistics that are not the identity, so eval mode matters
        batch_norm.running_mean.uniform_(-0.5, 0.5)
        batch_norm.running_var.uniform_(0.5, 2.0)
        nn.init.uniform_(batch_norm.weight, 0.5, 1.5)
        nn.init.uniform_(batch_norm.bias, -0.2, 0.2)

    def forward(self, x: Tensor) -> Tensor:
        x = self.pool(self.features(x))
        return self.classifier(x.reshape(x.size(0), -1))


class DictOutput(nn.Module):
    def __init__(self, network: TinyCNN):
        super().__init__()
        self.network = network

    def forward(self, x: Tensor) -> Dict[str, Tensor]:
        return {"logits": self.network(x)}


def export(out: str, fmt: str, network: Optional[TinyCNN] = None, objectives: bool = True) -> None:
    EXPORT_MODEL.export((network or TinyCNN()).eval(), out, layers=["features"], formats=[fmt], input_size=SIZE,
                    mean=(0.5, 0.5, 0.5), std=(0.25, 0.25, 0.25), seed=SEED, log=lambda _: None,
                    objectives=objectives, info={
                        "id": "tiny-cnn", "name": "Tiny CNN (test fixture)", "architecture": "TinyCNN",
                        "variant": "standard", "description": "Test fixture written by test_networks.py",
                        "exporter": {"torch": torch.__version__, "source": "test_networks.py:TinyCNN",
                                     "weights": "none", "seed": SEED}})


def broken(out: str, fmt: str, network: Optional[TinyCNN] = None) -> None:
    """A valid folder, without the reference that the breakage would make wrong."""
    export(out, fmt, network)
    shutil.rmtree(os.path.join(out, "reference"))


def cut(path: str) -> None:
    with open(path, "r+b") as file:
        file.truncate(os.path.getsize(path) // 3)


def scramble(path: str) -> None:
    with open(path, "wb") as file:
        file.write(random.Random(SEED).randbytes(4096))


def edit_model_json(out: str, **changes) -> None:
    path = os.path.join(out, "model.json")
    with open(path) as file:
        model = json.load(file)
    model.update(changes)
    EXPORT_MODEL.write_json(path, model)


def dict_output(out: str) -> None:
    broken(out, "torchscript")
    torch.jit.save(torch.jit.script(DictOutput(TinyCNN()).eval()), os.path.join(out, "network.pt"))


def wrong_classes(out: str) -> None:
    broken(out, "torchscript", TinyCNN(classes=7))
    with open(os.path.join(out, "labels.txt"), "w") as file:
        file.write("".join(f"class {i}\n" for i in range(10)))


def fixed_size(out: str) -> None:
    broken(out, "torchscript", TinyCNN(fixed=True))
    edit_model_json(out, input={"width": 48, "height": 48})


def onnx_unsupported_op(out: str) -> None:
    """The good ONNX folder with a hand-built graph of the same inputs and outputs, Frobnicate in the middle."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    broken(out, "onnx")
    generator = torch.Generator().manual_seed(SEED)
    weights = {"conv.weight": torch.randn(8, 3, 3, 3, generator=generator),
               "classifier.weight": torch.randn(10, 8, generator=generator), "classifier.bias": torch.zeros(10)}
    nodes = [
        helper.make_node("Conv", ["input", "conv.weight"], ["conv"], pads=[1, 1, 1, 1]),
        helper.make_node("Frobnicate", ["conv"], ["features"], domain="org.perturber.test", factor=4),
        helper.make_node("GlobalAveragePool", ["features"], ["pooled"]),
        helper.make_node("Flatten", ["pooled"], ["flat"]),
        helper.make_node("Gemm", ["flat", "classifier.weight", "classifier.bias"], ["logits"], transB=1),
    ]
    graph = helper.make_graph(
        nodes, "frobnicated",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 3, SIZE, SIZE])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 10]),
         helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", 8, 8, 8])],
        [numpy_helper.from_array(value.numpy(), name) for name, value in weights.items()])
    model = helper.make_model(graph, producer_name="test_networks.py", opset_imports=[
        helper.make_opsetid("", 13), helper.make_opsetid("org.perturber.test", 1)])
    onnx.checker.check_model(model)  # valid-looking: only running it can fail
    onnx.save(model, os.path.join(out, "network.onnx"))


def network_file_broken(fmt: str, damage):
    def write(out: str) -> None:
        broken(out, fmt)
        damage(os.path.join(out, EXPORT_MODEL.NETWORK_FILES[fmt]))
    return write


KINDS = {
    "good": lambda out: export(out, "torchscript"),
    "good-onnx": lambda out: export(out, "onnx"),
    "good-no-objectives": lambda out: export(out, "torchscript", objectives=False),
    "dict-output": dict_output,
    "wrong-classes": wrong_classes,
    "fixed-size": fixed_size,
    "onnx-unsupported-op": onnx_unsupported_op,
    "truncated-pt": network_file_broken("torchscript", cut),
    "truncated-onnx": network_file_broken("onnx", cut),
    "random-pt": network_file_broken("torchscript", scramble),
    "random-onnx": network_file_broken("onnx", scramble),
}


def main(argv) -> int:
    if len(argv) != 2 or argv[0] not in KINDS:
        print(f"usage: test_networks.py KIND DIR, KIND one of {', '.join(KINDS)}", file=sys.stderr)
        return 2
    kind, out = argv
    warnings.simplefilter("ignore")  # tracer warnings
    # Made next to DIR and renamed into place, so that a folder holding model.json is always complete.
    parent = os.path.dirname(os.path.abspath(out))
    os.makedirs(parent, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=f".{os.path.basename(os.path.abspath(out))}.", dir=parent)
    try:
        EXPORT_MODEL.check_out_dir(out, force=False)
        KINDS[kind](os.path.join(staging, "model"))
        os.replace(os.path.join(staging, "model"), out)  # replaces an empty DIR
    except EXPORT_MODEL.ExportError as error:
        print(f"test_networks.py: {error}", file=sys.stderr)
        return error.status
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
