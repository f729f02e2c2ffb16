/* Photos that travel on a weak network: every image chosen in a file input is re-encoded in the browser before
 * anything is sent — JPEG, long side at most 1,920 px, upright (the EXIF orientation applied), without its
 * metadata (so without GPS) — and put back into the input through DataTransfer, so every FormData built from the
 * form (send.js, the offline queue, a plain submit) carries the small file. A 12 MP phone photo of 4-6 MB becomes
 * a few hundred kB. Non-images, GIFs and images already small are left as they are; the server checks every file
 * again either way and still accepts full-size uploads.
 *
 * Each chosen file is listed under its input with a thumbnail and "原图 4.8 MB → 420 kB"; send.js fills the
 * progress bar each row carries. `window.tuanjie.photos.ready(form)` resolves when the form's files are done.
 *
 * The compression library (npm browser-image-compression) is loaded from our own static files only when a page
 * has a file input, and its web worker imports the same copy (`libURL`), never a CDN.
 * An input opts out with data-resize="off". */
(function () {
  "use strict";
  var tj = window.tuanjie = window.tuanjie || {};
  var script = document.currentScript;
  var LIB_URL = new URL(script.dataset.lib, document.baseURI).href;
  var LONG_SIDE = 1920;
  var SMALL_BYTES = 300 * 1024;          // below this an image is sent as it is (already a resized photo)
  var TARGET_MB = 0.6;                   // the library lowers the quality until the photo is under this
  var pending = new WeakMap();           // form → Promise of its inputs' resizing

  function size(bytes) {
    if (bytes >= 1024 * 1024) return (bytes / 1024 / 1024).toFixed(1) + " MB";
    return Math.max(1, Math.round(bytes / 1024)) + " kB";
  }

  var library = null;
  function loadLibrary() {
    if (window.imageCompression) return Promise.resolve(window.imageCompression);
    if (!library) {
      library = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = LIB_URL;
        tag.onload = function () { resolve(window.imageCompression); };
        tag.onerror = function () { library = null; reject(new Error("图片压缩组件没能加载")); };
        document.head.appendChild(tag);
      });
    }
    return library;
  }

  function resizable(file) {
    return /^image\/(jpeg|png|webp|bmp|heic|heif)$/i.test(file.type);
  }

  function dimensions(file) {
    return createImageBitmap(file).then(function (bitmap) {
      var wh = [bitmap.width, bitmap.height];
      bitmap.close();
      return wh;
    }, function () { return [0, 0]; });
  }

  // The resized copy of one file, or the file itself when there is nothing to gain.
  function shrink(file) {
    if (!resizable(file)) return Promise.resolve(file);
    return dimensions(file).then(function (wh) {
      if (file.size <= SMALL_BYTES && Math.max(wh[0], wh[1]) <= LONG_SIDE && file.type === "image/jpeg") return file;
      return loadLibrary().then(function (compress) {
        return compress(file, {
          maxWidthOrHeight: LONG_SIDE, maxSizeMB: TARGET_MB, initialQuality: 0.85, fileType: "image/jpeg",
          useWebWorker: true, libURL: LIB_URL, preserveExif: false,
        });
      }).then(function (out) {
        if (out.size >= file.size && file.type === "image/jpeg" && Math.max(wh[0], wh[1]) <= LONG_SIDE) return file;
        var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
        var resized = new File([out], name, {type: "image/jpeg", lastModified: file.lastModified});
        resized.tjOriginalSize = file.size;
        return resized;
      });
    }).catch(function (error) {
      // The photo goes as it is (the server shrinks nothing but still accepts it): slower, never lost.
      if (window.console) console.warn("照片压缩失败，将按原图上传", error);
      return file;
    });
  }

  function listFor(input) {
    var list = input.tjFileList;
    if (!list) {
      list = document.createElement("ul");
      list.className = "tj-files list-unstyled mt-2 mb-0";
      list.dataset.testid = "chosen-files";
      input.insertAdjacentElement("afterend", list);
      input.tjFileList = list;
    }
    return list;
  }

  function render(input, files, working) {
    var list = listFor(input);
    list.textContent = "";
    files.forEach(function (file, index) {
      var item = document.createElement("li");
      item.className = "tj-file d-flex align-items-center gap-2 py-1";
      item.dataset.tjProgressFor = input.name + ":" + index;
      if (/^image\//.test(file.type)) {
        var thumb = document.createElement("img");
        thumb.className = "tj-file-thumb rounded";
        thumb.alt = "";
        thumb.src = URL.createObjectURL(file);
        thumb.onload = function () { URL.revokeObjectURL(thumb.src); };
        item.appendChild(thumb);
      } else {
        var icon = document.createElement("i");
        icon.className = "bi bi-file-earmark tj-file-thumb";
        item.appendChild(icon);
      }
      var text = document.createElement("div");
      text.className = "flex-grow-1 small text-break";
      var name = document.createElement("div");
      name.textContent = file.name;
      var note = document.createElement("div");
      note.className = "text-muted";
      note.dataset.testid = "file-size";
      if (working) note.textContent = "正在压缩…";
      else if (file.tjOriginalSize) note.textContent = "原图 " + size(file.tjOriginalSize) + " → " + size(file.size);
      else note.textContent = size(file.size);
      var bar = document.createElement("div");
      bar.className = "progress mt-1";
      bar.hidden = true;
      bar.setAttribute("role", "progressbar");
      bar.setAttribute("aria-label", "上传进度：" + file.name);
      bar.setAttribute("aria-valuemin", "0");
      bar.setAttribute("aria-valuemax", "100");
      bar.dataset.testid = "file-progress";
      var fill = document.createElement("div");
      fill.className = "progress-bar bg-danger";
      fill.style.width = "0%";
      bar.appendChild(fill);
      text.appendChild(name);
      text.appendChild(note);
      text.appendChild(bar);
      item.appendChild(text);
      list.appendChild(item);
    });
  }

  function onChange(input) {
    var chosen = Array.prototype.slice.call(input.files || []);
    render(input, chosen, chosen.some(resizable));
    if (!chosen.some(resizable)) return;
    var form = input.form;
    var done = Promise.all(chosen.map(shrink)).then(function (files) {
      if (input.tjChosen !== chosen) return;           // another choice was made meanwhile
      var transfer = new DataTransfer();
      files.forEach(function (file) { transfer.items.add(file); });
      input.files = transfer.files;                     // no change event: this handler does not run again
      input.tjResized = files;
      render(input, files, false);
      input.dispatchEvent(new CustomEvent("tj:resized", {bubbles: true}));
    });
    input.tjChosen = chosen;
    if (form) {
      var before = pending.get(form) || Promise.resolve();
      pending.set(form, Promise.all([before, done]));
    }
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input instanceof HTMLInputElement && input.type === "file" && input.dataset.resize !== "off") onChange(input);
  });

  tj.photos = {
    ready: function (form) { return pending.get(form) || Promise.resolve(); },
    shrink: shrink,
    size: size,
  };
})();
