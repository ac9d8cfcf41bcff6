// Chunked, resumable video upload: the server is asked where a previous attempt stopped
// (kept per file in localStorage), each chunk is sent with its offset, the bar shows the bytes.
(function () {
  "use strict";
  var form = document.getElementById("creative-video-form");
  if (!form) {
    return;
  }
  var bar = document.getElementById("creative-video-progress");
  var status = document.getElementById("creative-video-status");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var chunkBytes = parseInt(form.dataset.chunkBytes, 10);
  var maxBytes = parseInt(form.dataset.maxBytes, 10);

  function say(text) {
    status.textContent = text;
  }

  function request(method, url, body, onProgress) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.setRequestHeader("X-CSRFToken", csrf);
      if (onProgress) {
        xhr.upload.onprogress = onProgress;
      }
      xhr.onload = function () {
        var data = {};
        try {
          data = JSON.parse(xhr.responseText);
        } catch (e) {
          data = {};
        }
        if (xhr.status >= 200 && xhr.status < 300) {
          resolve(data);
        } else {
          reject(new Error(data.error || form.dataset.failed));
        }
      };
      xhr.onerror = function () {
        reject(new Error(form.dataset.failed));
      };
      xhr.send(body);
    });
  }

  function key(file) {
    return "creative-upload:" + file.name + ":" + file.size + ":" + file.lastModified;
  }

  async function upload(file, title) {
    if (file.size > maxBytes) {
      throw new Error(form.dataset.tooLarge);
    }
    var token = window.localStorage.getItem(key(file));
    var received = 0;
    if (token) {
      try {
        received = (await request("GET", form.dataset.start.replace("start/", token + "/"))).received;
      } catch (e) {
        token = null;
      }
    }
    if (!token) {
      var start = new FormData();
      start.append("title", title);
      start.append("name", file.name);
      start.append("size", String(file.size));
      token = (await request("POST", form.dataset.start, start)).token;
      window.localStorage.setItem(key(file), token);
      received = 0;
    }
    var base = form.dataset.start.replace("start/", token + "/");
    while (received < file.size) {
      var piece = file.slice(received, Math.min(received + chunkBytes, file.size));
      var sent = received;
      var answer = await request("POST", base + "?offset=" + received, piece, function (event) {
        bar.value = Math.floor(((sent + event.loaded) * 100) / file.size);
      });
      received = answer.received;
      bar.value = Math.floor((received * 100) / file.size);
    }
    var done = await request("POST", base + "finish/", new FormData());
    window.localStorage.removeItem(key(file));
    return done.url;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var file = document.getElementById("creative-video-file").files[0];
    var title = document.getElementById("creative-video-title").value;
    if (!file) {
      return;
    }
    form.querySelector("button[type=submit]").disabled = true;
    upload(file, title)
      .then(function (url) {
        bar.value = 100;
        window.location.assign(url);
      })
      .catch(function (error) {
        say(error.message);
        form.querySelector("button[type=submit]").disabled = false;
      });
  });
})();
