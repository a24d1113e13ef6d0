// Suggests existing tags while an editor types in a comma-separated tag field.
// It only adds a <datalist> to the input: without this script the field still takes
// tags typed by hand, so nothing here is needed to save a story.
"use strict";
{
    const DELAY_MS = 200;

    // Each suggestion is the whole field value with the tag being typed completed, and a
    // trailing comma: taggit then splits on commas, so a tag with spaces stays one tag.
    function suggestionValue(typedBefore, name) {
        const tag = name.includes(",") ? `"${name}"` : name;
        const before = typedBefore.trim() ? `${typedBefore.trimEnd()} ` : "";
        return `${before}${tag}, `;
    }

    function enhance(input) {
        const list = document.createElement("datalist");
        list.id = `${input.id}_suggestions`;
        input.after(list);
        input.setAttribute("list", list.id);
        input.setAttribute("autocomplete", "off");

        let timer = null;
        let pending = null;

        async function suggest() {
            const cut = input.value.lastIndexOf(",") + 1;
            const typedBefore = input.value.slice(0, cut);
            const term = input.value.slice(cut).replace(/^[\s"]+/, "").trimEnd();
            pending?.abort();
            if (!term) {
                list.replaceChildren();
                return;
            }
            pending = new AbortController();
            const url = new URL(input.dataset.tagSuggestUrl, window.location.href);
            url.searchParams.set("term", term);
            try {
                const response = await fetch(url, {
                    headers: { Accept: "application/json" },
                    signal: pending.signal,
                });
                if (!response.ok) {
                    return;
                }
                const { results } = await response.json();
                list.replaceChildren(
                    ...results.map(({ text }) => {
                        const option = document.createElement("option");
                        option.value = suggestionValue(typedBefore, text);
                        option.label = text;
                        return option;
                    })
                );
            } catch {
                // Aborted by newer typing, or offline: the field still works by hand.
            }
        }

        input.addEventListener("input", () => {
            clearTimeout(timer);
            timer = setTimeout(suggest, DELAY_MS);
        });
    }

    function init() {
        document.querySelectorAll("input[data-tag-suggest-url]").forEach(enhance);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
}
