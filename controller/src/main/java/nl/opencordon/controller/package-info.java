package nl.opencordon.controller;
