// whatsapp-web.js depends on puppeteer, whose install would download a browser. We never do:
// the whatsapp-web adapter runs the system Chromium through `executablePath`.
module.exports = { skipDownload: true };
