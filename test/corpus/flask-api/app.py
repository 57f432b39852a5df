from functools import wraps
import os

import jwt
import openai
from anthropic import Anthropic
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
app.config["SECRET_KEY"] = "⟦pos:generic-secret⟧"
app.config["JWT_ALGORITHM"] = "HS256"
app.config["SQLALCHEMY_DATABASE_URI"] = "mysql+pymysql://api:⟦pos:url-password⟧@mysql.internal.example.com:3306/api"
app.config["MAIL_PASSWORD"] = ⟦lit:os.environ.get("MAIL_PASSWORD")⟧

openai.api_key = "⟦pos:openai⟧"
claude = Anthropic(api_key="⟦pos:anthropic⟧")
fallback = Anthropic(api_key=⟦lit:os.environ["ANTHROPIC_API_KEY"]⟧)

SERVICE_TOKEN = "⟦pos:jwt⟧"
INTERNAL_API_KEY = "⟦pos:generic-secret⟧"
TOKEN_HEADER = "X-Api-Token"
token_url = "https://auth.example.com/oauth2/token"


def require_token(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        token = request.headers.get(TOKEN_HEADER, "")
        if token != INTERNAL_API_KEY:
            abort(401)
        return view(*args, **kwargs)

    return wrapper


@app.post("/login")
def login():
    password = request.json.get("password", "")
    if len(password) < 12:
        return jsonify(error="password too short"), 400
    token = jwt.encode({"sub": request.json["user"]}, app.config["SECRET_KEY"], algorithm="HS256")
    return jsonify(token=token)


@app.get("/summarize")
@require_token
def summarize():
    text = request.args["text"]
    reply = claude.messages.create(model="claude-3-5-sonnet-latest", max_tokens=512, messages=[{"role": "user", "content": text}])
    return jsonify(summary=reply.content[0].text)


if __name__ == "__main__":
    app.run(debug=os.getenv("FLASK_DEBUG") == "1")
