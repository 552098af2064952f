#!/usr/bin/env python3
"""Opens a listening page in headless Chromium and uses it as a listener
would, through the Chrome DevTools Protocol over --remote-debugging-pipe
(file descriptors 3 and 4, NUL-terminated JSON). Standard library only.

  browser_page.py CHROMIUM PAGE.html OUTDIR

Checks: the chapter list and transcript are there with their tracks; a
click on the third chapter moves audio.currentTime to that chapter's start;
after playing a short stretch the highlighted sentence is the cue that
covers currentTime; Enter on a sentence seeks to it. Writes a screenshot to
OUTDIR/page.png. Every wait has a time limit, and Chromium is killed at the
end whatever happens. Exit 0 pass, 1 fail."""
import base64
import fcntl
import json
import os
import pathlib
import re
import select
import signal
import subprocess
import sys
import tempfile
import time

TOTAL_SECONDS = 120  # the whole test, Chromium's start included
STEP_SECONDS = 20    # any one reply or event


class Failure(Exception):
    pass


class Browser:
    def __init__(self, chromium, profile):
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def child_fds():
            # Chromium reads commands on fd 3 and writes replies on fd 4;
            # both are moved out of the way first, as either may be 3 or 4
            high_r = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
            high_w = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)
            os.setsid()

        args = [chromium, "--headless=new", "--remote-debugging-pipe", "--no-sandbox", "--no-first-run",
                "--no-default-browser-check", "--disable-gpu", "--mute-audio",
                "--autoplay-policy=no-user-gesture-required", "--allow-file-access-from-files",
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--window-size=1000,800", f"--user-data-dir={profile}", "about:blank"]
        self.process = subprocess.Popen(args, preexec_fn=child_fds, pass_fds=(3, 4),
                                        stdout=subprocess.DEVNULL, stderr=open(os.path.join(profile, "stderr"), "w"))
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def _read_message(self, deadline):
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Failure("Chromium did not answer in time")
            ready, _, _ = select.select([self.from_chrome], [], [], left)
            if not ready:
                continue
            chunk = os.read(self.from_chrome, 65536)
            if not chunk:
                raise Failure("Chromium closed the pipe (did it start? see its stderr in the profile)")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method, params=None, session=True):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + STEP_SECONDS
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise Failure(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_event(self, method, seconds=STEP_SECONDS):
        deadline = time.monotonic() + seconds
        while True:
            for i, e in enumerate(self.events):
                if e["method"] == method:
                    return self.events.pop(i)
            message = self._read_message(deadline)
            if "method" in message:
                self.events.append(message)

    def evaluate(self, expression, await_promise=False):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": await_promise})
        if "exceptionDetails" in result:
            raise Failure(f"script error in {expression!r}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression, what, seconds=STEP_SECONDS):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.1)
        raise Failure(f"timed out waiting for {what}")

    def click(self, selector):
        box = self.evaluate(f"(function(){{var e=document.querySelector({json.dumps(selector)});"
                            "e.scrollIntoView({block:'center'});var r=e.getBoundingClientRect();"
                            "return [r.left+r.width/2, r.top+r.height/2];})()")
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1], "button": "left",
                                                   "clickCount": 1})

    def key(self, key, code, text=None):
        down = {"type": "keyDown", "key": key, "code": code, "windowsVirtualKeyCode": 13 if key == "Enter" else 32}
        if text:
            down["text"] = text
        self.send("Input.dispatchKeyEvent", down)
        self.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": key, "code": code})

    def close(self):
        try:
            if self.process.poll() is None:
                try:
                    self.send("Browser.close", session=False)
                except (Failure, OSError):
                    pass
                try:
                    self.process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    pass
        finally:
            # the renderers and helpers are in Chromium's process group
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            if self.process.poll() is None:
                self.process.wait(timeout=10)
            os.close(self.to_chrome)
            os.close(self.from_chrome)


def vtt_cues(path):
    cues = []
    for m in re.finditer(r"(\d+):(\d\d):(\d\d)\.(\d{3}) --> (\d+):(\d\d):(\d\d)\.(\d{3})\n(.*?)(?:\n\n|\n?$)",
                         open(path, encoding="utf-8").read(), re.S):
        g = [int(x) for x in m.groups()[:8]]
        cues.append(((g[0] * 3600 + g[1] * 60 + g[2]) + g[3] / 1000, (g[4] * 3600 + g[5] * 60 + g[6]) + g[7] / 1000,
                     m.group(9)))
    return cues


def check(condition, message):
    if not condition:
        raise Failure(message)


def run(browser, page, outdir):
    stem = page[:-len(".html")]
    captions, chapters = vtt_cues(stem + ".vtt"), vtt_cues(stem + ".chapters.vtt")
    check(len(chapters) >= 3, f"the render has {len(chapters)} chapters; the test needs three")
    target = browser.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
    browser.session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                   session=False)["sessionId"]
    browser.send("Page.enable")
    browser.send("Runtime.enable")
    browser.send("Page.navigate", {"url": pathlib.Path(os.path.abspath(page)).as_uri()})
    browser.wait_event("Page.loadEventFired")

    # what is on the page
    info = browser.evaluate("""(function(){
        var q=function(s){return document.querySelectorAll(s)};
        return {lang: document.documentElement.lang, title: document.title,
          chapters: [].map.call(q('nav button[data-start]'), function(b){
            return [parseFloat(b.getAttribute('data-start')), b.querySelector('.name').textContent]}),
          cues: q('#transcript .cue').length,
          captionsTrack: !!document.querySelector('audio > track[kind=captions][default][srclang]'),
          chaptersTrack: !!document.querySelector('audio > track[kind=chapters]'),
          landmarks: !!(document.querySelector('header') && document.querySelector('main') &&
                        document.querySelector('nav[aria-labelledby]')),
          external: [].filter.call(q('[src],[href]'), function(e){
            return /^(https?:)?\\/\\//.test(e.getAttribute('src')||e.getAttribute('href'))}).length};
    })()""")
    print(f"page: lang={info['lang']} {len(info['chapters'])} chapters, {info['cues']} sentences")
    check(info["lang"], "no lang attribute")
    check(info["captionsTrack"] and info["chaptersTrack"], "the caption or chapter track is missing")
    check(info["landmarks"], "header, main or a labelled nav is missing")
    check(info["external"] == 0, "the page refers to something on the network")
    check(info["cues"] == len(captions), f"{info['cues']} sentences on the page, {len(captions)} cues in the .vtt")
    want = [(round(s, 3), name) for s, _, name in chapters]
    got = [(round(s, 3), name) for s, name in info["chapters"]]
    check(got == want, f"the chapter list {got} is not the chapters .vtt {want}")

    # the browser loads the audio from disk
    duration = browser.wait_for("(function(){var a=document.getElementById('audio');"
                                "return a.readyState>=1&&a.duration;})()", "the audio's metadata")
    print(f"audio: {duration:.3f} s")

    # the third chapter: a real click on its button
    browser.click("nav li:nth-child(3) button")
    now = browser.evaluate("document.getElementById('audio').currentTime")
    print(f"third chapter: starts at {chapters[2][0]:.3f} s, currentTime {now:.3f} s")
    check(abs(now - chapters[2][0]) < 0.05, f"currentTime {now} after the click, the chapter starts at {chapters[2][0]}")
    check(browser.evaluate("document.querySelector('nav li:nth-child(3) button').getAttribute('aria-current')")
          == "true", "the third chapter is not marked current")

    # a short stretch of playback, into the chapter's first sentence (an
    # announcement of the speaker may come before it): the highlight
    # follows the audio
    until = min(c[0] for c in captions if c[0] >= chapters[2][0]) + 0.4
    browser.evaluate("document.getElementById('audio').play()", await_promise=True)
    browser.wait_for(f"document.getElementById('audio').currentTime > {until}", "playback into the chapter", 20)
    browser.evaluate("document.getElementById('audio').pause()")
    state = browser.evaluate("""(function(){var a=document.getElementById('audio');
        var c=document.querySelectorAll('#transcript .cue[aria-current=true]');
        return {t: a.currentTime, count: c.length,
                start: c.length ? parseFloat(c[0].getAttribute('data-start')) : null,
                text: c.length ? c[0].textContent : null};})()""")
    covering = [c for c in captions if c[0] <= state["t"] < c[1]]
    print(f"played to {state['t']:.3f} s: highlighted {state['text']!r}")
    check(state["count"] <= 1, "more than one sentence highlighted")
    if covering:
        check(state["count"] == 1 and abs(state["start"] - covering[0][0]) < 0.0015,
              f"at {state['t']} s the highlight is on {state['text']!r}, the cue is {covering[0][2]!r}")
        check(state["text"] == re.sub(r"<v [^>]*>", "", covering[0][2]).replace("\n", " ")
              .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"),
              f"the highlighted text {state['text']!r} is not the cue's {covering[0][2]!r}")
    else:
        check(state["count"] == 0, f"at {state['t']} s no cue is spoken, yet {state['text']!r} is highlighted")
    check(state["t"] > until, "playback did not advance")

    # the keyboard: Enter on the fifth sentence seeks there
    browser.evaluate("document.querySelectorAll('#transcript .cue')[4].focus()")
    browser.key("Enter", "Enter", "\r")
    now = browser.evaluate("document.getElementById('audio').currentTime")
    check(abs(now - captions[4][0]) < 0.002, f"Enter on the fifth sentence: currentTime {now}, wanted {captions[4][0]}")
    highlighted = browser.evaluate("document.querySelector('#transcript .cue[aria-current=true]').textContent")
    check(highlighted == browser.evaluate("document.querySelectorAll('#transcript .cue')[4].textContent"),
          "the sentence sought by keyboard is not highlighted")

    # what it looks like, for a person to look at
    shot = browser.send("Page.captureScreenshot", {"format": "png"})["data"]
    path = os.path.join(outdir, "page.png")
    with open(path, "wb") as f:
        f.write(base64.b64decode(shot))
    print(f"screenshot: {path}")


def main():
    chromium, page, outdir = sys.argv[1:4]
    os.makedirs(outdir, exist_ok=True)
    browser = None

    def out_of_time(signum, frame):
        raise Failure(f"the browser test took longer than {TOTAL_SECONDS} s")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(TOTAL_SECONDS)
    with tempfile.TemporaryDirectory(prefix="rostrum-chromium-") as profile:
        try:
            browser = Browser(chromium, profile)
            run(browser, page, outdir)
        except Failure as e:
            print(f"FAIL: {e}")
            return 1
        finally:
            signal.alarm(0)
            if browser:
                browser.close()
    print("browser: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
