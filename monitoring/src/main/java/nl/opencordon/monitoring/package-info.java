package nl.opencordon.monitoring;
