"""Load named Jinja2 templates from prompts/ and render them with their declared variables checked."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROMPTS_DIR = Path(__file__).resolve().parents[1] / "prompts"


class PromptError(ValueError):
    """A template is missing, or was rendered with missing or unknown variables."""


@dataclass(frozen=True)
class Prompt:
    name: str
    variables: frozenset[str]  # every variable the template reads
    _template: object

    def render(self, **values: object) -> str:
        missing = self.variables - values.keys()
        unknown = values.keys() - self.variables
        if missing or unknown:
            raise PromptError(
                f"prompt {self.name}: missing {sorted(missing)}, unknown {sorted(unknown)}")
        return self._template.render(**values)  # type: ignore[attr-defined]


@lru_cache(maxsize=1)
def _environment(directory: str):
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=FileSystemLoader(directory),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@lru_cache(maxsize=64)
def load_prompt(name: str, directory: str | None = None) -> Prompt:
    """The template `prompts/<name>` (".j2" is added when missing)."""
    from jinja2 import TemplateNotFound, meta

    filename = name if name.endswith(".j2") else f"{name}.j2"
    env = _environment(directory or str(PROMPTS_DIR))
    try:
        source = env.loader.get_source(env, filename)[0]  # type: ignore[union-attr]
    except TemplateNotFound as exc:
        raise PromptError(f"prompt not found: {filename}") from exc
    variables = frozenset(meta.find_undeclared_variables(env.parse(source)))
    return Prompt(filename, variables, env.get_template(filename))


def render_prompt(name: str, **values: object) -> str:
    return load_prompt(name).render(**values)
