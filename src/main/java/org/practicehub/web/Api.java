package org.practicehub.web;

import org.practicehub.store.Json;
import org.practicehub.store.PracticeStore;
import org.practicehub.store.SourceStates;

/** The JSON bodies of the HTTP endpoints; the routes in routes/api.camel.yaml do the HTTP. */
public class Api {

    private final PracticeStore store;
    private final SourceStates states;

    public Api(PracticeStore store, SourceStates states) {
        this.store = store;
        this.states = states;
    }

    public String practice(String id) {
        return store.get(id).map(Json::pretty).orElseThrow(() -> HttpProblem.notFound("practice " + id));
    }

    public String sources() {
        return Json.pretty(states.list());
    }
}
