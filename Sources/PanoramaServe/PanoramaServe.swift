/// The dashboard: `panorama serve`, server-rendered pages and a JSON API over one workspace.
///
/// It owns the snapshot the pages read (`Dashboard`: the panorama, value, risk scores and
/// key moments of every customer, and the territory, loaded once at start), the HTML and
/// SVG the server draws (no scripts, no external assets), the JSON API with its OpenAPI
/// document, and the Hummingbird application that serves them. It reads the workspace
/// through `PanoramaStore`, `PanoramaBuild`, `PanoramaValue` and `PanoramaRisk`, and writes
/// nothing.
enum PanoramaServe {}
