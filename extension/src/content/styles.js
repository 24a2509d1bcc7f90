// The chip's and the badges' looks, inside their shadow roots so Upwork's styles cannot reach them.

export const CHIP_CSS = `
:host { all: initial; }
.chip {
  position: fixed; right: 16px; bottom: 16px; z-index: 2147483647;
  width: 320px; max-width: calc(100vw - 32px); box-sizing: border-box;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2933;
  background: #fff; border: 1px solid #d8dee4; border-radius: 12px;
  box-shadow: 0 8px 24px rgba(15, 23, 42, .18); padding: 12px 14px;
}
.head { display: flex; align-items: center; gap: 8px; }
.brand { font-weight: 700; color: #0f766e; }
.close { margin-left: auto; border: 0; background: none; font-size: 18px; cursor: pointer; color: #52606d; padding: 0 4px; }
.verdict { display: inline-block; font-weight: 700; border-radius: 999px; padding: 2px 10px; color: #fff; }
.verdict.apply { background: #15803d; } .verdict.caution { background: #b45309; } .verdict.skip { background: #b91c1c; }
.score { font-weight: 600; }
.cost { margin: 6px 0 4px; color: #334e68; }
ul { margin: 6px 0 8px; padding-left: 18px; }
li { margin: 2px 0; }
li.fail::marker { color: #b91c1c; } li.warn::marker { color: #b45309; } li.pass::marker { color: #15803d; }
.actions { display: flex; gap: 8px; flex-wrap: wrap; margin-top: 8px; }
button.act {
  font: inherit; font-weight: 600; border-radius: 8px; padding: 6px 12px; cursor: pointer;
  border: 1px solid #0f766e; background: #0f766e; color: #fff;
}
button.act.secondary { background: #fff; color: #0f766e; }
button.act[disabled] { opacity: .6; cursor: progress; }
.note { color: #52606d; margin: 6px 0 0; }
.problem { color: #9b1c1c; margin: 6px 0 0; }
.log { border-top: 1px solid #e4e7eb; margin-top: 10px; padding-top: 8px; }
`;

export const BADGE_CSS = `
:host { all: initial; }
.badge {
  display: inline-flex; align-items: center; gap: 4px; margin: 0 0 4px;
  font: 600 12px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  border-radius: 999px; padding: 0 8px; color: #fff; white-space: nowrap;
}
.badge.apply { background: #15803d; } .badge.caution { background: #b45309; } .badge.skip { background: #b91c1c; }
.badge.none { background: #52606d; }
`;
