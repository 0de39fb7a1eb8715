import Hummingbird

/// `/admin/dashboard.css`: the site's paper, ink and ultramarine (public/css/site.css), its system
/// font stacks (no web font to fetch), light and dark. Served, not inlined, so the CSP needs no hash.
enum DashboardStyle {
    static func response() -> Response {
        Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "no-cache", .xContentTypeOptions: "nosniff"],
                 body: .init(byteBuffer: ByteBuffer(string: css)))
    }

    static let css = """
    :root {
      color-scheme: light dark;
      --font-sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif;
      --font-serif: "Iowan Old Style", "Palatino Linotype", Palatino, "Book Antiqua", "URW Palladio L", P052, Georgia, Cambria, serif;
      --bg: #fbf8f3; --surface: #f3eee6; --surface-2: #ebe4d8; --text: #1f1b24; --muted: #5c5563;
      --accent: #3a3fa8; --accent-hover: #2c3088; --on-accent: #ffffff; --rose: #b23a5a; --border: #8d8594; --rule: #e4ddd2;
      --series-1: #3a3fa8; --series-2: #b23a5a; --radius: .75rem;
    }
    @media (prefers-color-scheme: dark) {
      :root {
        --bg: #15131a; --surface: #1e1b25; --surface-2: #28242f; --text: #ede9f2; --muted: #aba4b5;
        --accent: #a8b0ff; --accent-hover: #c5cbff; --on-accent: #15131a; --rose: #f08fa8; --border: #7d7589; --rule: #332e3b;
        --series-1: #a8b0ff; --series-2: #f08fa8;
      }
    }
    *, *::before, *::after { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body { margin: 0; background: var(--bg); color: var(--text); font-family: var(--font-sans); font-size: 1rem; line-height: 1.5; }
    h1, h2 { font-family: var(--font-serif); font-weight: 600; line-height: 1.2; }
    h1 { font-size: 1.9rem; margin: 0 0 1rem; }
    h2 { font-size: 1.35rem; margin: 0 0 .75rem; }
    a { color: var(--accent); }
    a:hover { color: var(--accent-hover); }
    :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
    .skip-link { position: absolute; left: .5rem; top: -4rem; background: var(--accent); color: var(--on-accent); padding: .5rem 1rem; border-radius: .5rem; z-index: 10; }
    .skip-link:focus { top: .5rem; color: var(--on-accent); }
    .admin-header { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .5rem 1rem;
      padding: .75rem 1.25rem; border-bottom: 1px solid var(--rule); background: var(--surface); }
    .brand { margin: 0; font-family: var(--font-serif); font-size: 1.2rem; font-weight: 600; }
    .brand a { color: var(--text); text-decoration: none; }
    .brand span { color: var(--muted); font-weight: 400; }
    main { display: block; max-width: 72rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
    main:focus { outline: none; }
    section { margin: 0 0 2rem; }
    label { display: block; font-weight: 600; margin-bottom: .25rem; }
    input { font: inherit; color: var(--text); background: var(--bg); border: 1px solid var(--border); border-radius: .5rem; padding: .5rem .65rem; max-width: 100%; }
    button { font: inherit; font-weight: 600; color: var(--on-accent); background: var(--accent); border: 1px solid var(--accent); border-radius: 999px;
      padding: .5rem 1.1rem; cursor: pointer; }
    button:hover { background: var(--accent-hover); border-color: var(--accent-hover); }
    .logout button { color: var(--accent); background: transparent; }
    .logout button:hover { color: var(--on-accent); }
    .logout { margin: 0; }
    .login { max-width: 26rem; }
    .login input { width: 100%; margin-bottom: 1rem; }
    .notice { padding: .75rem 1rem; border-left: 4px solid var(--rose); background: var(--surface); border-radius: .25rem; }
    .range { display: flex; flex-wrap: wrap; align-items: flex-end; gap: .75rem 1rem; margin: 0 0 1.5rem; padding: 1rem; background: var(--surface); border-radius: var(--radius); }
    .range div { min-width: 0; }
    .totals { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .75rem; margin: 0 0 1.5rem; padding: 0; }
    .totals div { background: var(--surface); border-radius: var(--radius); padding: .75rem 1rem; }
    .totals dt { color: var(--muted); font-size: .9rem; }
    .totals dd { margin: 0; font-size: 1.6rem; font-weight: 600; font-variant-numeric: tabular-nums; }
    .chart { background: var(--surface); border-radius: var(--radius); padding: .75rem; margin: 0 0 .75rem; }
    .chart svg { display: block; width: 100%; height: auto; }
    .chart .grid { stroke: var(--rule); stroke-width: 1; }
    .chart .axis { stroke: var(--border); stroke-width: 1; }
    .chart text { fill: var(--muted); font-family: var(--font-sans); font-size: 12px; }
    .chart .series { fill: none; stroke-width: 2.5; stroke-linejoin: round; stroke-linecap: round; }
    .chart .visitors { stroke: var(--series-1); }
    .chart .pageviews { stroke: var(--series-2); }
    .chart circle.visitors { fill: var(--series-1); stroke: none; }
    .chart circle.pageviews { fill: var(--series-2); stroke: none; }
    /* On a phone the chart is drawn at half its size: labels and lines grow to stay readable. */
    @media (max-width: 40rem) {
      .chart { padding: .5rem .25rem; }
      .chart text { font-size: 22px; }
      .chart .series { stroke-width: 4; }
    }
    .legend { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; margin: 0 0 1rem; padding: 0; list-style: none; color: var(--muted); }
    .legend li::before { content: ""; display: inline-block; width: 1.5rem; height: .25rem; margin-right: .4rem; vertical-align: middle; border-radius: 2px; }
    .legend .visitors::before { background: var(--series-1); }
    .legend .pageviews::before { background: var(--series-2); }
    .tables { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr)); gap: 1.5rem; }
    .table-box { max-width: 100%; overflow-x: auto; border: 1px solid var(--rule); border-radius: .5rem; }
    table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
    caption { text-align: left; font-weight: 600; padding: .6rem .75rem; }
    th, td { padding: .4rem .75rem; border-top: 1px solid var(--rule); text-align: right; white-space: nowrap; }
    th:first-child, td:first-child { text-align: left; white-space: normal; overflow-wrap: anywhere; min-width: 8rem; }
    thead th { background: var(--surface-2); font-size: .9rem; }
    .download { margin: .4rem 0 0; font-size: .9rem; }
    details { margin: 0 0 1rem; }
    summary { cursor: pointer; color: var(--accent); font-weight: 600; padding: .25rem 0; }
    .muted { color: var(--muted); }
    """
}
