/* Passkeys (WebAuthn): add one on the second-factor page, log in with one on the code page.
   The server gives the options as JSON (py_webauthn) and checks the browser's answer; nothing here decides. */
(function () {
  "use strict";
  if (!window.PublicKeyCredential || !PublicKeyCredential.parseCreationOptionsFromJSON) return;

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function say(text) {
    var status = document.querySelector("[data-passkey-status]");
    if (status) status.textContent = text;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) throw new Error(data.error || "De passkey is niet gelukt. Probeer het opnieuw.");
        return data;
      });
    });
  }

  function failed(error) {
    if (error && (error.name === "NotAllowedError" || error.name === "AbortError")) {
      say("Afgebroken: er is geen passkey gebruikt. Probeer het opnieuw, of gebruik de code uit uw app.");
    } else {
      say((error && error.message) || "De passkey is niet gelukt. Probeer het opnieuw.");
    }
  }

  var addForm = document.querySelector("form[data-passkey-add]");
  if (addForm) {
    addForm.hidden = false;
    addForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var name = addForm.querySelector("input[name=name]").value.trim();
      if (!name) {
        say("Geef de passkey een naam, bijvoorbeeld ‘Laptop werk’.");
        addForm.querySelector("input[name=name]").focus();
        return;
      }
      say("Bevestig op uw apparaat dat u een passkey wilt maken…");
      post(addForm.dataset.passkeyAdd)
        .then(function (options) {
          return navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) });
        })
        .then(function (credential) { return post(addForm.action, { name: name, credential: credential.toJSON() }); })
        .then(function (data) { window.location.assign(data.redirect); })
        .catch(failed);
    });
  }

  var loginButton = document.querySelector("button[data-passkey-login]");
  if (loginButton) {
    loginButton.hidden = false;
    loginButton.addEventListener("click", function () {
      say("Bevestig op uw apparaat dat u wilt inloggen…");
      post(loginButton.dataset.passkeyLogin)
        .then(function (options) {
          return navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
        })
        .then(function (credential) {
          return post(loginButton.dataset.passkeyFinish + "?next=" + encodeURIComponent(loginButton.dataset.next || "/"),
            { credential: credential.toJSON() });
        })
        .then(function (data) { window.location.assign(data.redirect); })
        .catch(failed);
    });
  }
})();
