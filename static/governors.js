// Starts the NHS.UK frontend components. Every page works without this script.
import { initAll } from "./nhsuk/nhsuk-frontend.min.js";

initAll();
