// Progressive enhancement only: every page works without this file.
import { initAll as initGovuk } from "/static/build/govuk/govuk-frontend.min.js";
import { initAll as initMoj } from "/static/build/moj/moj-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initGovuk();
initMoj();
