package io.custos.rotation;

/** What an operator asked of a job; the instance running it obeys after its current chunk. */
public enum RequestedState {
    RUN, PAUSE, CANCEL
}
