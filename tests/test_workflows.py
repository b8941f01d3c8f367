"""The GitHub Actions workflows: they parse, pin their actions, keep least privilege,
and call the same commands the README documents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
README = (REPO / "README.md").read_text(encoding="utf-8")


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict) -> list[dict]:
    return [s for job in workflow["jobs"].values() for s in job.get("steps", [])]


def runs(workflow: dict) -> str:
    return "\n".join(s.get("run", "") for s in steps(workflow))


def test_there_are_pull_request_and_deploy_workflows() -> None:
    assert {p.name for p in WORKFLOWS} == {"pr.yml", "deploy.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_full_commits(path: Path) -> None:
    for step in steps(load(path)):
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege(path: Path) -> None:
    workflow = load(path)
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        extra = job.get("permissions", {})
        if name == "deploy":
            assert extra == {"pages": "write", "id-token": "write"}
        else:
            assert extra == {}, name
    for step in steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def test_pull_requests_check_scope_build_upload_and_test() -> None:
    pr = load(REPO / ".github/workflows/pr.yml")
    assert "pull_request" in pr["on"]
    text = runs(pr)
    assert "ocop check\n" in text + "\n"
    assert "ocop check --scope" in text
    assert text.index("ocop check --published") < text.index("mkdocs build")
    assert "mkdocs build" in text
    assert "scripts/test" in text
    assert any(
        s.get("uses", "").startswith("actions/upload-artifact@") and s["with"]["path"] == "site/" for s in steps(pr)
    )


def test_main_and_nightly_deploy_after_the_published_ids_check() -> None:
    deploy = load(REPO / ".github/workflows/deploy.yml")
    assert deploy["on"]["push"]["branches"] == ["main"]
    assert deploy["on"]["schedule"]  # nightly, so statuses stay true
    text = runs(deploy)
    assert text.index("ocop check --published") < text.index("mkdocs build")
    uses = [s.get("uses", "") for s in steps(deploy)]
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    checkout = next(s for s in steps(deploy) if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # "last updated" dates need the whole history
    cache = next(s for s in steps(deploy) if s.get("uses", "").startswith("actions/cache@"))
    for inputs in ("products/**", "ocop/**", "theme/**"):  # a change to any saves a new store
        assert inputs in cache["with"]["key"]
    assert cache["with"]["restore-keys"] == "ocop-"  # and the newest earlier one starts the next build warm
    # Once uploaded, the site's tree goes into the store the cache saves: the next deploy reuses its folders.
    runs_in_order = [s.get("run", s.get("uses", "")).strip() for s in deploy["jobs"]["build"]["steps"]]
    upload = next(i for i, r in enumerate(runs_in_order) if r.startswith("actions/upload-pages-artifact@"))
    assert runs_in_order[upload + 1 :] == ["ocop keep-site"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_caches_pip_and_the_content_cache(path: Path) -> None:
    workflow = load(path)
    for job in workflow["jobs"].values():
        names = [s.get("uses", "") for s in job.get("steps", [])]
        if any("setup-python" in n for n in names):
            setup = next(s for s in job["steps"] if "setup-python" in s.get("uses", ""))
            assert setup["with"]["cache"] == "pip"
            cache = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/cache@"))
            assert cache["with"]["path"] == ".cache/ocop"


def test_workflows_use_the_commands_the_readme_documents() -> None:
    first_block = re.search(r"```sh\n(.*?)```", README, re.S).group(1).strip().splitlines()
    assert first_block == ["python3 -m pip install -e . && mkdocs serve", "scripts/test"]
    used = "\n".join(runs(load(p)) for p in WORKFLOWS)
    for command in ("scripts/test", "ocop check", "mkdocs build", "python3 -m pip install -e ."):
        assert command in used and command in README, command
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/test" in ci
