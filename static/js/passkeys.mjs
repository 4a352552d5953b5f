// Passkeys (WebAuthn), progressive: the passkey parts of a page are hidden until this
// module finds the browser can use them. The server gives the options as JSON; the
// browser's answer goes back in a hidden field of an ordinary form post.

const b64urlToBytes = (text) => {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(text.length / 4) * 4, "=");
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
};

const bytesToB64url = (buffer) => {
  let text = "";
  new Uint8Array(buffer).forEach((byte) => { text += String.fromCharCode(byte); });
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};

const withBytes = (list) => (list || []).map((c) => ({ ...c, id: b64urlToBytes(c.id) }));

function creationOptions(json) {
  return {
    ...json,
    challenge: b64urlToBytes(json.challenge),
    user: { ...json.user, id: b64urlToBytes(json.user.id) },
    excludeCredentials: withBytes(json.excludeCredentials),
  };
}

function requestOptions(json) {
  return { ...json, challenge: b64urlToBytes(json.challenge), allowCredentials: withBytes(json.allowCredentials) };
}

function credentialJson(credential) {
  const r = credential.response;
  const response = { clientDataJSON: bytesToB64url(r.clientDataJSON) };
  if (r.attestationObject) {
    response.attestationObject = bytesToB64url(r.attestationObject);
    if (r.getTransports) response.transports = r.getTransports();
  } else {
    response.authenticatorData = bytesToB64url(r.authenticatorData);
    response.signature = bytesToB64url(r.signature);
    if (r.userHandle) response.userHandle = bytesToB64url(r.userHandle);
  }
  return JSON.stringify({
    id: credential.id, rawId: bytesToB64url(credential.rawId), type: credential.type,
    response, clientExtensionResults: credential.getClientExtensionResults(),
    authenticatorAttachment: credential.authenticatorAttachment || undefined,
  });
}

async function run(form, register) {
  const message = form.parentElement.querySelector("[data-passkey-message]");
  message.textContent = "";
  const token = form.querySelector("input[name=csrf_token]");
  const answer = await fetch(form.dataset.optionsUrl, {
    method: "POST", credentials: "same-origin",
    headers: { "X-CSRFToken": token ? token.value : "", Accept: "application/json" },
  });
  if (!answer.ok) throw new Error("options");
  const json = await answer.json();
  const credential = register
    ? await navigator.credentials.create({ publicKey: creationOptions(json) })
    : await navigator.credentials.get({ publicKey: requestOptions(json) });
  form.querySelector("input[name=credential]").value = credentialJson(credential);
  form.submit();
}

function enhance(container, register) {
  const form = container.querySelector("[data-passkey-form]");
  container.hidden = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(form, register).catch(() => {
      form.parentElement.querySelector("[data-passkey-message]").textContent =
        register ? "The passkey was not added. Try again." : "The passkey was not used. Try again, or enter a code.";
    });
  });
}

if (window.PublicKeyCredential && navigator.credentials) {
  document.querySelectorAll("[data-passkey-register]").forEach((c) => enhance(c, true));
  document.querySelectorAll("[data-passkey-sign-in]").forEach((c) => enhance(c, false));
}
