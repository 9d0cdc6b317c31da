"""HTTP only: routers, request and response shapes, problem responses. No business logic."""
